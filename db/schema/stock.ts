import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { branches } from "./branches";
import { createdAt, id, mutableColumns } from "./columns";
import { customers } from "./customers";
import { users } from "./users";

export const CATEGORIES = ["adventure", "enduro", "naked", "sport", "touring", "cruiser", "scooter", "motocross", "electric", "rally", "retro"] as const;
export const CONDITIONS = ["new", "pre_registered", "ex_demo", "used"] as const;
export const VEHICLE_STATUSES = ["in_stock", "reserved", "sold", "delivered", "in_transit"] as const;

export const categoryEnum = pgEnum("vehicle_category", CATEGORIES);
export const conditionEnum = pgEnum("vehicle_condition", CONDITIONS);
export const vehicleStatusEnum = pgEnum("vehicle_status", VEHICLE_STATUSES);
export const reservationStatusEnum = pgEnum("reservation_status", ["active", "released", "expired", "sold"]);
export const reservationChannelEnum = pgEnum("sale_channel", ["in_store", "distance"]);
export const transferStatusEnum = pgEnum("transfer_status", ["in_transit", "received", "cancelled"]);

export const catalogueModels = pgTable(
  "catalogue_models",
  {
    id: id(),
    make: text("make").notNull(),
    model: text("model").notNull(),
    variant: text("variant").notNull().default(""),
    modelYear: integer("model_year"),
    category: categoryEnum("category").notNull(),
    engineCc: integer("engine_cc"),
    listPricePence: integer("list_price_pence"),
    ...mutableColumns(),
  },
  (t) => [uniqueIndex("catalogue_models_identity_key").on(t.make, t.model, t.variant, sql`coalesce(${t.modelYear}, 0)`)],
);

/** The last stock number issued per prefix: numbers are never reused, even after a prefix moves. */
export const stockNumberCounters = pgTable("stock_number_counters", {
  prefix: text("prefix").primaryKey(),
  lastNumber: integer("last_number").notNull(),
});

export const vehicles = pgTable(
  "vehicles",
  {
    id: id(),
    stockNumber: text("stock_number").notNull(),
    branchId: uuid("branch_id").notNull().references(() => branches.id),
    modelId: uuid("model_id").notNull().references(() => catalogueModels.id),
    vin: text("vin").notNull(),
    registration: text("registration"),
    condition: conditionEnum("condition").notNull(),
    mileage: integer("mileage").notNull().default(0),
    colour: text("colour").notNull().default(""),
    retailPricePence: integer("retail_price_pence").notNull(),
    costPricePence: integer("cost_price_pence"),
    /** The day the group took the bike in; days in stock and ageing derive from it (and survive transfers). */
    inStockOn: date("in_stock_on", { mode: "string" }).notNull(),
    status: vehicleStatusEnum("status").notNull().default("in_stock"),
    previousKeepers: integer("previous_keepers"),
    v5cHeld: boolean("v5c_held"),
    photos: text("photos").array().notNull().default([]),
    notes: text("notes").notNull().default(""),
    saleCustomerName: text("sale_customer_name"),
    saleCustomerContact: text("sale_customer_contact"),
    /** The buyer's customer record; the name and contact above stay as written at the sale. */
    saleCustomerId: uuid("sale_customer_id").references(() => customers.id),
    salePricePence: integer("sale_price_pence"),
    soldOn: date("sold_on", { mode: "string" }),
    deliveredOn: date("delivered_on", { mode: "string" }),
    /** Lower-case stock number, VIN, registration and model, for the trigram search index. */
    searchText: text("search_text").notNull().default(""),
    ...mutableColumns(),
  },
  (t) => [
    uniqueIndex("vehicles_stock_number_key").on(t.stockNumber),
    // A VIN may come back after a sale (a part exchange), so it is unique only among unsold bikes.
    uniqueIndex("vehicles_vin_unsold_key").on(t.vin).where(sql`status not in ('sold', 'delivered')`),
    index("vehicles_branch_status_idx").on(t.branchId, t.status, t.inStockOn),
    // A branch's bikes of one status by price (the stock list's price sort), in page order with the
    // stock-number tie-break: 50 rows read, not every bike of the branch sorted. The trailing columns
    // (which never change the order: stock numbers are unique) let a broad search within a branch
    // read the index alone, not a heap page per match.
    index("vehicles_branch_status_price_idx").on(t.branchId, t.status, t.retailPricePence, t.stockNumber, t.id, t.inStockOn, t.searchText),
    index("vehicles_status_idx").on(t.status, t.inStockOn),
    index("vehicles_in_stock_on_idx").on(t.inStockOn),
    // The dashboard's bikes sold this month (per branch for a manager): sold bikes only.
    index("vehicles_sold_on_idx").on(t.soldOn, t.branchId).where(sql`${t.soldOn} is not null`),
    index("vehicles_price_idx").on(t.retailPricePence),
    index("vehicles_model_idx").on(t.modelId),
    index("vehicles_search_trgm_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    index("vehicles_sale_customer_idx").on(t.saleCustomerId),
  ],
);

/**
 * How many bikes each branch has in each status, kept by triggers on vehicles (migration 0010) in the
 * same transaction as the change. The stock list's counts by status, with no filter but branch, read
 * these few rows instead of counting a branch's bikes on every page.
 */
export const stockCounts = pgTable(
  "stock_counts",
  {
    branchId: uuid("branch_id")
      .notNull()
      .references(() => branches.id),
    status: vehicleStatusEnum("status").notNull(),
    bikes: integer("bikes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.branchId, t.status] })],
);

/**
 * Unsold bikes (in stock, reserved, in transit) by branch, status and intake day, with their retail
 * value, kept by triggers on vehicles (migration 0012) like stock_counts. The dashboard sums these
 * few thousand rows into units and value by status and ageing bucket, where summing the bikes
 * themselves read 86,000 rows at 100,000 bikes. A day whose bikes have all gone loses its row.
 */
export const unsoldStockDays = pgTable(
  "unsold_stock_days",
  {
    branchId: uuid("branch_id")
      .notNull()
      .references(() => branches.id),
    status: vehicleStatusEnum("status").notNull(),
    inStockOn: date("in_stock_on", { mode: "string" }).notNull(),
    bikes: integer("bikes").notNull(),
    valuePence: bigint("value_pence", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.branchId, t.status, t.inStockOn] })],
);

export const vehicleEvents = pgTable(
  "vehicle_events",
  {
    id: id(),
    vehicleId: uuid("vehicle_id").notNull().references(() => vehicles.id),
    fromStatus: vehicleStatusEnum("from_status"),
    toStatus: vehicleStatusEnum("to_status").notNull(),
    note: text("note").notNull().default(""),
    actorId: uuid("actor_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("vehicle_events_vehicle_idx").on(t.vehicleId, t.createdAt)],
);

export const priceChanges = pgTable(
  "price_changes",
  {
    id: id(),
    vehicleId: uuid("vehicle_id").notNull().references(() => vehicles.id),
    oldPricePence: integer("old_price_pence").notNull(),
    newPricePence: integer("new_price_pence").notNull(),
    reason: text("reason").notNull(),
    actorId: uuid("actor_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("price_changes_vehicle_idx").on(t.vehicleId, t.createdAt)],
);

export const reservations = pgTable(
  "reservations",
  {
    id: id(),
    vehicleId: uuid("vehicle_id").notNull().references(() => vehicles.id),
    customerName: text("customer_name").notNull(),
    customerContact: text("customer_contact").notNull(),
    /** The customer record; name and contact above are filled from it when the reservation is made. */
    customerId: uuid("customer_id").references(() => customers.id),
    channel: reservationChannelEnum("channel").notNull(),
    depositPence: integer("deposit_pence").notNull().default(0),
    depositRefundable: boolean("deposit_refundable").notNull(),
    depositTerms: text("deposit_terms").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    status: reservationStatusEnum("status").notNull().default("active"),
    createdBy: uuid("created_by").references(() => users.id),
    releasedAt: timestamp("released_at", { withTimezone: true }),
    releasedBy: uuid("released_by").references(() => users.id),
    releaseReason: text("release_reason"),
    refundPence: integer("refund_pence"),
    ...mutableColumns(),
  },
  (t) => [
    // The database itself allows one active reservation per bike: of two at once, exactly one wins.
    uniqueIndex("reservations_one_active_key").on(t.vehicleId).where(sql`status = 'active'`),
    index("reservations_due_idx").on(t.expiresAt).where(sql`status = 'active'`),
    index("reservations_customer_idx").on(t.customerId),
  ],
);

export const transfers = pgTable(
  "transfers",
  {
    id: id(),
    vehicleId: uuid("vehicle_id").notNull().references(() => vehicles.id),
    fromBranchId: uuid("from_branch_id").notNull().references(() => branches.id),
    toBranchId: uuid("to_branch_id").notNull().references(() => branches.id),
    status: transferStatusEnum("status").notNull().default("in_transit"),
    expectedOn: date("expected_on", { mode: "string" }),
    note: text("note").notNull().default(""),
    sentBy: uuid("sent_by").references(() => users.id),
    receivedBy: uuid("received_by").references(() => users.id),
    receivedAt: timestamp("received_at", { withTimezone: true }),
    cancelledBy: uuid("cancelled_by").references(() => users.id),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    ...mutableColumns(),
  },
  (t) => [
    uniqueIndex("transfers_one_open_key").on(t.vehicleId).where(sql`status = 'in_transit'`),
    index("transfers_to_branch_idx").on(t.toBranchId, t.status),
  ],
);

export type Vehicle = typeof vehicles.$inferSelect;
export type VehicleStatus = (typeof VEHICLE_STATUSES)[number];
export type Condition = (typeof CONDITIONS)[number];
export type Category = (typeof CATEGORIES)[number];
