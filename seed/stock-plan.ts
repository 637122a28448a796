// Pure generation of demo stock: realistic bikes, their history rows and stock numbers. No database
// access here; seed/stock.ts inserts what this plans.
import { randomUUID } from "node:crypto";
import { formatStockNumber, vehicleSearchText } from "../app/modules/stock/vehicle-identity";
import type { Category, Condition, VehicleStatus } from "../db/schema/stock";
import type { schema } from "../db/client";

type Insert<T extends { $inferInsert: unknown }> = T["$inferInsert"];
export interface StockChunk {
  vehicles: Insert<typeof schema.vehicles>[];
  events: Insert<typeof schema.vehicleEvents>[];
  reservations: Insert<typeof schema.reservations>[];
  transfers: Insert<typeof schema.transfers>[];
  priceChanges: Insert<typeof schema.priceChanges>[];
}
export interface PlanBranch {
  id: string;
  name: string;
  prefix: string;
  brands: string[];
  /** VIN position 11, distinct per branch: with the stock number as serial, seeded VINs never repeat. */
  plant: string;
}
export interface PlanModel {
  id: string;
  make: string;
  model: string;
  variant: string;
  modelYear: number | null;
  category: Category;
  listPricePence: number | null;
}

export const VIN_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
const YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"; // 1980, 1981, … repeating every 30 years
const WMI: Record<string, string> = {
  KTM: "VBK", Husqvarna: "VBK", GasGas: "VBK", Triumph: "SMT", Honda: "JH2", "Harley-Davidson": "1HD",
  Yamaha: "JYA", BMW: "WB1", Kawasaki: "JKA", Suzuki: "JS1", Ducati: "ZDM", "Royal Enfield": "ME3",
};
const COLOURS: Record<string, string[]> = {
  KTM: ["Orange", "Black", "White", "Orange/Black"],
  Husqvarna: ["White", "Black", "Grey/Yellow"],
  GasGas: ["Red", "Red/Black"],
  Triumph: ["Sapphire Black", "Jet Black", "Cranberry Red", "Lucerne Blue", "Matt Khaki", "Carbon Black"],
  Honda: ["Grand Prix Red", "Matt Ballistic Black", "Pearl Glare White", "Mat Iridium Grey"],
  "Harley-Davidson": ["Vivid Black", "Billiard Gray", "Whiskey Fire", "Blue Burst", "Redline Red"],
};
const OTHER_COLOURS = ["Black", "White", "Red", "Blue", "Grey", "Silver", "Green"];
const FIRST_NAMES = ["Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Mia", "Charlie", "Grace", "Thomas", "Sophie", "James", "Emily", "William", "Chloe", "Daniel", "Lucy", "Samuel", "Hannah", "Liam", "Priya", "Mohammed", "Zara", "Ben", "Ellie", "Ryan", "Megan", "Callum", "Aisha"];
const SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Wright", "Walker", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Clarke", "Khan", "Lewis", "Turner", "Hill", "Cooper", "Ward", "Morris", "King", "Baker"];
const PRICE_REASONS = ["Aged stock reduction", "Matched a local dealer's price", "Manufacturer price change", "End-of-season reduction"];
const USED_NOTES = ["Full service history.", "One owner from new, full dealer history.", "Fresh service and MOT.", "Tail tidy and crash bungs fitted.", ""];
const DAY = 86_400_000;

/** A small seeded generator (mulberry32): the same seed gives the same demo stock. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const chars = (alphabet: string, length = 1) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
  return { next, int, pick, chars };
}
type Random = ReturnType<typeof generator>;

const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);
const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`);
/** A moment in shop hours (roughly 09:00–17:00 UK) on that day, never after `now`. */
const during = (r: Random, day: string, now: number) => Math.min(now, dayStart(day) + r.int(9 * 60, 17 * 60) * 60_000);

/** Positions 1-8 and 10-17 as given; position 9 is the ISO 3779 check digit. */
export function seededVin(model: Pick<PlanModel, "make" | "model" | "variant">, year: number, plant: string, serial: number) {
  if (serial > 999_999) throw new Error("Demo VINs allow 999,999 bikes per branch stock-number prefix.");
  let hash = 2166136261;
  for (const char of `${model.make}|${model.model}|${model.variant}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  let descriptor = "";
  for (let i = 0; i < 5; i++, hash = Math.floor(hash / 33)) descriptor += VIN_CHARS[hash % 33];
  const vin = `${WMI[model.make] ?? "SA9"}${descriptor}0${YEAR_CODES[(((year - 1980) % 30) + 30) % 30]}${plant}${String(serial).padStart(6, "0")}`;
  const values: Record<string, number> = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 };
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  const sum = [...vin].reduce((total, char, i) => total + (/\d/.test(char) ? Number(char) : values[char]!) * weights[i]!, 0);
  return `${vin.slice(0, 8)}${sum % 11 === 10 ? "X" : sum % 11}${vin.slice(9)}`;
}

/** A current-format mark ("GK21 XYZ"), its age identifier from the date; mostly Kent's own G area. */
function registration(r: Random, day: string) {
  const [year, month] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  const age = month >= 3 && month < 9 ? year % 100 : month >= 9 ? (year % 100) + 50 : ((year - 1) % 100) + 50;
  const area = r.next() < 0.7 ? `G${r.chars("ABCDEFGHJKLMNO")}` : `${r.chars("ABCDEFHKLMNOPRSVWY")}${r.chars("ABCDEFGHJKLMNOPRSTUVWXY")}`;
  return `${area}${String(age).padStart(2, "0")} ${r.chars("ABCDEFGHJKLMNOPRSTUVWXYZ", 3)}`;
}

/** Dealers ask £8,995 or £8,999, not £9,012.37. */
function askingPrice(r: Random, pence: number) {
  return Math.max(50_000, Math.round(pence / 10_000) * 10_000 - (r.next() < 0.5 ? 100 : 500));
}

function customer(r: Random) {
  const [first, last] = [r.pick(FIRST_NAMES), r.pick(SURNAMES)];
  const contact = r.next() < 0.6 ? `07700 900${String(r.int(0, 999)).padStart(3, "0")}` : `${first}.${last}${r.int(1, 99)}@example.com`.toLowerCase();
  return { name: `${first} ${last}`, contact };
}

/**
 * Plans demo bikes chunk by chunk, carrying on from `lastNumbers` (prefix → last stock number used),
 * which it updates as it goes.
 */
export function createStockPlanner(input: { branches: PlanBranch[]; models: PlanModel[]; lastNumbers: Map<string, number>; now: Date; seed: number }) {
  const r = generator(input.seed);
  const now = input.now.getTime();
  const today = dayOf(now);
  const year = input.now.getUTCFullYear();
  const registrations = new Set<string>();
  const current = (m: PlanModel) => m.modelYear === null || m.modelYear >= year - 1;
  const released = (m: PlanModel) => m.modelYear === null || m.modelYear <= year;
  const firstNonEmpty = <T>(...lists: T[][]) => lists.find((list) => list.length > 0) ?? [];
  const pools = input.branches
    .map((branch) => {
      const franchise = input.models.filter((m) => branch.brands.includes(m.make));
      const source = branch.brands.length ? franchise : input.models;
      return { branch, fresh: firstNonEmpty(franchise.filter(current), franchise), used: firstNonEmpty(source.filter(released), source) };
    })
    .filter((pool) => pool.used.length > 0);
  if (pools.length === 0) throw new Error("Add catalogue models for the branches' franchises before seeding stock.");

  function plan(chunk: StockChunk) {
    const { branch, fresh, used } = r.pick(pools);
    const roll = r.next();
    const condition: Condition = branch.brands.length === 0 || fresh.length === 0 ? "used" : roll < 0.55 ? "new" : roll < 0.65 ? "pre_registered" : roll < 0.75 ? "ex_demo" : "used";
    const model = r.pick(condition === "used" ? used : fresh);
    const modelYear = model.modelYear ?? year;
    const list = model.listPricePence ?? 800_000;

    // Weighted to recent arrivals, with a long tail back two years (some over 90 days).
    let daysAgo = Math.min(730, r.next() < 0.85 ? Math.floor(-Math.log(1 - r.next()) * 40) : r.int(0, 730));
    const onSale = dayStart(`${modelYear - 1}-09-01`); // a model year's bikes reach dealers the autumn before
    if (condition !== "used" && now - daysAgo * DAY < onSale) daysAgo = Math.max(0, Math.floor((now - onSale) / DAY) - r.int(0, 60));
    const inStock = now - daysAgo * DAY;
    const inStockOn = dayOf(inStock);

    let reg: string | null = null;
    let mileage = r.int(0, 12);
    let retail = r.next() < 0.8 ? list : list - r.int(1, 3) * 25_000;
    if (condition !== "new") {
      const back = { pre_registered: [0, 120], ex_demo: [60, 540], used: [30, 365 * (year - modelYear + 1)] }[condition];
      const firstReg = Math.max(Math.min(onSale, inStock), inStock - r.int(back[0]!, back[1]!) * DAY);
      const years = (inStock - firstReg) / (365 * DAY);
      do reg = registration(r, dayOf(firstReg));
      while (registrations.has(reg));
      registrations.add(reg);
      mileage = condition === "pre_registered" ? r.int(0, 25) : condition === "ex_demo" ? r.int(250, 3000) : Math.round(50 + years * r.int(1200, 4500));
      const factor = condition === "pre_registered" ? 0.9 : condition === "ex_demo" ? 0.85 : Math.max(0.3, 0.88 * 0.88 ** years - mileage / 200_000);
      retail = list * factor;
    }
    retail = askingPrice(r, retail);
    const number = (input.lastNumbers.get(branch.prefix) ?? 0) + 1;
    input.lastNumbers.set(branch.prefix, number);
    const stockNumber = formatStockNumber(branch.prefix, number);
    const vin = seededVin(model, modelYear, branch.plant, number);
    const id = randomUUID();
    const arrival = during(r, inStockOn, now);
    const vehicle: StockChunk["vehicles"][number] = {
      id, stockNumber, branchId: branch.id, modelId: model.id, vin, registration: reg, condition, mileage,
      colour: r.pick(COLOURS[model.make] ?? OTHER_COLOURS),
      retailPricePence: retail,
      costPricePence: Math.round((retail * r.int(80, 90)) / 100 / 100) * 100,
      inStockOn,
      // Keepers and the V5C are recorded for used bikes only, as the stock form does.
      previousKeepers: condition === "used" ? r.int(1, Math.max(1, Math.min(5, year - modelYear + 1))) : null,
      v5cHeld: condition === "used" ? r.next() < 0.95 : null,
      notes: condition === "used" ? r.pick(USED_NOTES) : "",
      searchText: vehicleSearchText({ stockNumber, vin, registration: reg, make: model.make, model: model.model, variant: model.variant }),
      createdAt: new Date(arrival),
    };
    const events: StockChunk["events"] = [{ vehicleId: id, fromStatus: null, toStatus: "in_stock", note: "Into stock", createdAt: new Date(arrival) }];
    const move = (from: VehicleStatus, to: VehicleStatus, at: number, note: string) =>
      events.push({ vehicleId: id, fromStatus: from, toStatus: to, note, createdAt: new Date(at) });

    const statusRoll = r.next();
    const destinations = input.branches.filter((b) => b.id !== branch.id && (b.brands.includes(model.make) || (b.brands.length === 0 && condition !== "new")));
    let status: VehicleStatus = "in_stock";
    // A move comes at least half an hour after the arrival; bikes that arrived today stay in stock.
    const after = (hoursBack: number) => Math.max(arrival + r.int(30, 240) * 60_000, now - r.int(1, hoursBack) * 3_600_000);
    if (statusRoll < 0.1 && daysAgo >= 1) {
      status = "reserved";
      const who = customer(r);
      const at = after(6 * 24);
      const channel = r.next() < 0.7 ? "in_store" : "distance";
      const refundable = channel === "distance" || r.next() < 0.6;
      chunk.reservations.push({
        vehicleId: id, customerName: who.name, customerContact: who.contact, channel,
        depositPence: r.pick(channel === "distance" ? [9_900, 25_000] : [10_000, 20_000, 25_000, 50_000]),
        depositRefundable: refundable,
        depositTerms: refundable
          ? "Refundable in full if the customer cancels within 14 days or finance is declined."
          : "Non-refundable once the bike has been prepared for handover; deducted from the price at sale.",
        expiresAt: new Date(now + r.int(1, 7) * DAY + r.int(0, 8) * 3_600_000),
        createdAt: new Date(at), updatedAt: new Date(at),
      });
      move("in_stock", "reserved", at, `Reserved for ${who.name}`);
    } else if (statusRoll < 0.25 && daysAgo >= 3) {
      const who = customer(r);
      const delivered = statusRoll >= 0.15;
      const soldOn = dayOf(delivered ? now - r.int(1, Math.max(1, daysAgo - 1)) * DAY : now - r.int(0, Math.min(14, daysAgo - 1)) * DAY);
      status = delivered ? "delivered" : "sold";
      Object.assign(vehicle, { saleCustomerName: who.name, saleCustomerContact: who.contact, salePricePence: retail - r.pick([0, 0, 10_000, 25_000, 50_000]), soldOn });
      move("in_stock", "sold", during(r, soldOn, now), `Sold to ${who.name}`);
      if (delivered) {
        vehicle.deliveredOn = dayOf(Math.min(now, dayStart(soldOn) + r.int(1, 10) * DAY));
        move("sold", "delivered", Math.max(events.at(-1)!.createdAt!.getTime(), during(r, vehicle.deliveredOn, now)), "Handed over");
      }
    } else if (statusRoll > 0.95 && daysAgo >= 1 && destinations.length > 0) {
      status = "in_transit";
      const to = r.pick(destinations);
      const at = after(48);
      chunk.transfers.push({
        vehicleId: id, fromBranchId: branch.id, toBranchId: to.id, expectedOn: dayOf(now + r.int(1, 3) * DAY),
        note: r.pick(["Customer viewing requested", "Balancing stock", "For the weekend demo day"]),
        createdAt: new Date(at), updatedAt: new Date(at),
      });
      move("in_stock", "in_transit", at, `Sent to ${to.name}`);
    }

    // A few bikes were reduced while waiting for a buyer, between arriving and their next move.
    const firstMove = events[1]?.createdAt?.getTime() ?? now;
    if (daysAgo >= 30 && r.next() < (daysAgo >= 90 ? 0.4 : 0.12) && firstMove - arrival > 15 * DAY) {
      const at = arrival + 14 * DAY + r.next() * (firstMove - arrival - 15 * DAY);
      chunk.priceChanges.push({ vehicleId: id, oldPricePence: retail + r.pick([200, 300, 500, 750, 1000]) * 100, newPricePence: retail, reason: r.pick(PRICE_REASONS), createdAt: new Date(at) });
      vehicle.version = 2;
    }
    vehicle.status = status;
    vehicle.version = (vehicle.version ?? 1) + events.length - 1;
    vehicle.updatedAt = new Date(Math.max(...events.map((e) => e.createdAt!.getTime())));
    chunk.vehicles.push(vehicle);
    chunk.events.push(...events);
  }

  return {
    today,
    /** The next `count` bikes with their events, reservations, transfers and price changes. */
    next(count: number): StockChunk {
      const chunk: StockChunk = { vehicles: [], events: [], reservations: [], transfers: [], priceChanges: [] };
      for (let i = 0; i < count; i++) plan(chunk);
      return chunk;
    },
  };
}
