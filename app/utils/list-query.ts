import { z } from "zod";

// The URL state every server-driven table shares. A bad value falls back to the default, never a 500.

/** Page (from 1) and rows per page (10-200, 50 by default). */
export const pageFields = {
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  size: z.coerce.number().int().min(10).max(200).catch(50),
};

export const sortDirection = (fallback: "asc" | "desc") => z.enum(["asc", "desc"]).catch(fallback);

/** A filter's text: no control characters (a NUL would fail the query), else the filter is dropped. */
export const filterText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !/\p{Cc}/u.test(value));

/** A free-text search: trimmed, runs of spaces folded, empty when absent. */
export const searchTerm = () =>
  filterText(100)
    .transform((value) => value.replace(/\s+/g, " "))
    .catch("");
