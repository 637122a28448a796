import { is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import * as dbSchema from "@db/schema";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";

/**
 * Walks the form schemas: every field of every exported schema of app/modules/*\/*.schema.ts, so a
 * schema or field added later is walked too. List queries (`…Query`) fall back instead of refusing.
 */

type Def = { type: string; shape?: Record<string, z.ZodType>; in?: z.ZodType; out?: z.ZodType; left?: z.ZodType; right?: z.ZodType; options?: z.ZodType[]; innerType?: z.ZodType; schema?: z.ZodType; values?: unknown[] };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Each object the schema reads from a form (a union gives one per option), as field → schema. */
export function formShapes(schema: z.ZodType): Record<string, z.ZodType>[] {
  const def = defOf(schema);
  switch (def.type) {
    case "object":
      return [def.shape!];
    case "pipe":
      return formShapes(def.in!);
    case "intersection": {
      const lefts = formShapes(def.left!);
      const rights = formShapes(def.right!);
      return lefts.flatMap((left) => rights.map((right) => ({ ...left, ...right })));
    }
    case "union":
      return def.options!.flatMap(formShapes);
    default:
      return [];
  }
}

/** The literal an `intent` field takes, to send it with the walk (an unknown intent never reaches a schema). */
export function intentOf(shape: Record<string, z.ZodType>): string | undefined {
  const intent = shape.intent;
  if (!intent) return undefined;
  const def = defOf(intent);
  if (def.type === "literal") return String(def.values![0]);
  if (def.type === "enum") return String(Object.values((def as unknown as { entries: Record<string, string> }).entries)[0]);
  return undefined;
}

export const BAD_VALUES: Record<string, string | string[] | undefined> = {
  "too long": "x".repeat(10_000),
  negative: "-5",
  "wrong type": "not a value of this field",
  "a list": ["one", "two"],
  empty: "",
  absent: undefined,
};

/** The messages a form gives for `field` set to `value` (every other field absent), parsed as the routes do. */
export function messagesFor(schema: z.ZodType, intent: string | undefined, field: string, value: string | string[] | undefined) {
  const form = new FormData();
  if (intent) form.set("intent", intent);
  if (typeof value === "string") form.set(field, value);
  else if (value) for (const item of value) form.append(field, item);
  const submission = parseWithZod(form, { schema });
  return submission.status === "error" ? (submission.error ?? {}) : {};
}

/** Every Drizzle table of the app's schema with its config (name, columns, foreign keys). */
export function schemaTables() {
  return (Object.values(dbSchema) as unknown[]).filter((value): value is PgTable => is(value, PgTable)).map((table) => ({ table, config: getTableConfig(table) }));
}
