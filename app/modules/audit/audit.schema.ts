import { z } from "zod";

export const AUDIT_SORTS = ["createdAt", "action", "entityType", "actorEmail"] as const;

/** `actor=system` asks for rows written with no signed-in user (sign-in failures, seeding, scripts). */
import { SYSTEM_ACTOR } from "./audit-labels";
import { pageFields, sortDirection } from "~/utils/list-query";

export { SYSTEM_ACTOR };

/** A real calendar day as YYYY-MM-DD: 2026-02-30 is refused rather than rolled into March. */
const londonDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  });

/** Empty strings (a blank field in a GET form) mean "no filter". */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => value || undefined)
    .catch(undefined);

export const AuditQuery = z
  .object({
    ...pageFields,
    sort: z.enum(AUDIT_SORTS).catch("createdAt"),
    dir: sortDirection("desc"),
    /** A user id, `system`, or part of an email address. */
    actor: text(254),
    entityType: text(60),
    entityId: text(200),
    action: text(100),
    from: londonDay.optional().catch(undefined),
    to: londonDay.optional().catch(undefined),
  })
  // A range typed backwards (from after to) is read the way round it was meant, not as "nothing".
  .transform((query) =>
    query.from && query.to && query.from > query.to ? { ...query, from: query.to, to: query.from, swappedDates: true } : { ...query, swappedDates: false },
  );
export type AuditQuery = z.infer<typeof AuditQuery>;

export function parseAuditQuery(searchParams: URLSearchParams): AuditQuery {
  return AuditQuery.parse(Object.fromEntries(searchParams));
}

