import { bigserial, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { users } from "./users";

export const PERSONAL_VIEW_PLACES = ["deal_page", "deal_edit_form", "evidence_pack", "evidence_json"] as const;

/**
 * Every time special-category data (a finance deal's vulnerability note) was shown to someone: who,
 * when, which record and where. Holds ids only, never the value. Append-only (migration 0031).
 */
export const personalDataViews = pgTable(
  "personal_data_views",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    createdAt: createdAt(),
    viewerId: uuid("viewer_id").notNull().references(() => users.id),
    /** Kept as written at the time, like the audit log's actor email. */
    viewerEmail: text("viewer_email").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    field: text("field").notNull(),
    place: text("place", { enum: PERSONAL_VIEW_PLACES }).notNull(),
  },
  (t) => [index("personal_data_views_entity_idx").on(t.entityType, t.entityId, t.createdAt), index("personal_data_views_viewer_idx").on(t.viewerId, t.createdAt)],
);

export type PersonalViewPlace = (typeof PERSONAL_VIEW_PLACES)[number];
