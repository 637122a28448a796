/**
 * The personal fields of each kind of record the audit log writes about: the one list the audit writer
 * (record.server.ts) applies to every row, so no caller can copy a customer's name, date of birth,
 * contact, address or circumstances into the append-only log. The row keeps the subject's id (its
 * entity id, and links such as customerId, which are not personal values) and which of these fields
 * changed; the values stay in the record itself, where retention and erasure can reach them.
 *
 * tests/integration/audit-personal-data.test.ts walks the Drizzle schema: a column whose name says it
 * holds a person's details (customer, complainant, guarantor, vulnerability, typed name, date of birth,
 * contact, address, postcode, email, phone) must be listed here, so a new column can't be forgotten.
 */
export const PERSONAL_FIELDS = {
  finance_deal: [
    "customerName",
    "customerDateOfBirth",
    "customerContact",
    "customerEmail",
    "customerPhone",
    "customerAddress",
    "customerPostcode",
    "vulnerabilityNote",
    "guarantorName",
    "guarantorContact",
    // The name the customer typed on the shop's tablet to acknowledge a disclosure.
    "typedName",
    "scanFileName",
  ],
  reservation: ["customerName", "customerContact"],
  vehicle: ["saleCustomerName", "saleCustomerContact"],
  // A complaint's description and desired outcome are the complainant's own account of their
  // circumstances: free text that often holds health or money matters, so treated as personal.
  complaint: ["complainantName", "complainantContact", "description", "desiredOutcome"],
  // emailKey, phoneKey and searchText are the database's copies of email, phone, name and postcode.
  customer: ["name", "dateOfBirth", "email", "phone", "addressLine1", "addressLine2", "town", "postcode", "notes", "emailKey", "phoneKey", "searchText"],
} as const satisfies Record<string, readonly string[]>;

export type PersonalEntity = keyof typeof PERSONAL_FIELDS;

/**
 * A key inside an audit row's JSON that holds a nested record of another kind: its fields are that
 * kind's (a bike's reservation under `reservation`, a deal under `deal`).
 */
export const NESTED_ENTITIES: Record<string, PersonalEntity> = {
  reservation: "reservation",
  deal: "finance_deal",
  complaint: "complaint",
  customer: "customer",
  vehicle: "vehicle",
  // A customer merge's copies of both records, and the fields it filled or found in conflict.
  survivorBefore: "customer",
  mergedBefore: "customer",
  filled: "customer",
  conflicts: "customer",
};

/** What the audit row holds where a personal value was: says a value was there, never what it was. */
export const PERSONAL_MARKER = "[personal data]";

/** The key an audit row's `after` uses to list which personal fields the change set or changed. */
export const PERSONAL_CHANGED_KEY = "personalFieldsChanged";

export function isPersonalEntity(entityType: string): entityType is PersonalEntity {
  return Object.hasOwn(PERSONAL_FIELDS, entityType);
}

function personalFieldsOf(entity: string | undefined): readonly string[] {
  return entity && isPersonalEntity(entity) ? PERSONAL_FIELDS[entity] : [];
}

/** Every personal value in `value`, by its path ("customerName", "reservation.customerContact"). */
function collectPersonal(value: unknown, entity: string | undefined, path: string, out: Map<string, string>) {
  if (Array.isArray(value)) {
    value.forEach((item, index) => collectPersonal(item, entity, `${path}${path ? "." : ""}${index}`, out));
    return;
  }
  if (!value || typeof value !== "object" || value instanceof Date) return;
  const fields = personalFieldsOf(entity);
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const at = path ? `${path}.${key}` : key;
    if (fields.includes(key)) out.set(at, JSON.stringify(inner ?? null));
    else collectPersonal(inner, NESTED_ENTITIES[key] ?? entity, at, out);
  }
}

/** A copy of `value` with every personal value replaced by the marker (blank ones left blank). */
function redactValue(value: unknown, entity: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => redactValue(item, entity));
  if (!value || typeof value !== "object" || value instanceof Date) return value;
  const fields = personalFieldsOf(entity);
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => {
      if (fields.includes(key)) return [key, inner === null || inner === undefined || inner === "" ? inner : PERSONAL_MARKER];
      return [key, redactValue(inner, NESTED_ENTITIES[key] ?? entity)];
    }),
  );
}

/**
 * An audit entry's before and after without personal values: each personal field keeps its key with
 * the marker, and `after.personalFieldsChanged` lists the paths whose value the change set or changed
 * (compared before redaction, so "which fields changed" survives while "to what" does not).
 */
export function redactAuditValues(entityType: string, before: unknown, after: unknown): { before: unknown; after: unknown } {
  const was = new Map<string, string>();
  const now = new Map<string, string>();
  collectPersonal(before, entityType, "", was);
  collectPersonal(after, entityType, "", now);
  if (was.size === 0 && now.size === 0) return { before, after };
  const blank = (v: string | undefined) => v === undefined || v === "null" || v === '""';
  const changed = [...new Set([...was.keys(), ...now.keys()])]
    .filter((path) => (before === null || before === undefined ? !blank(now.get(path)) : now.has(path) && was.get(path) !== now.get(path)))
    .sort();
  const redactedAfter = redactValue(after, entityType);
  const withChanged =
    changed.length === 0
      ? redactedAfter
      : redactedAfter && typeof redactedAfter === "object" && !Array.isArray(redactedAfter)
        ? { ...(redactedAfter as Record<string, unknown>), [PERSONAL_CHANGED_KEY]: changed }
        : { value: redactedAfter ?? null, [PERSONAL_CHANGED_KEY]: changed };
  return { before: redactValue(before, entityType), after: withChanged };
}
