import { z } from "zod";
import type { DealStatus } from "@db/schema/finance";
import { DEAL_STATUS_LABELS } from "./finance-labels";
import { FINANCE_COLUMN_IDS, FINANCE_EXCEPTIONS } from "./finance-list.labels";
import { filterText, pageFields, searchTerm, sortDirection } from "~/utils/list-query";

// The enums come from the (browser-safe) label maps, so this file pulls nothing from db/ at run time.
const STATUSES = Object.keys(DEAL_STATUS_LABELS) as [DealStatus, ...DealStatus[]];

/** Empty strings (a blank field in a GET form) mean "no filter"; a bad value is ignored, not a 500. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional()).catch(undefined);

export const FinanceQuery = z
  .object({
    ...pageFields,
    sort: z.enum(FINANCE_COLUMN_IDS).catch("created"),
    dir: sortDirection("desc"),
    /** Part of the customer's name, the agreement number or the deal's reference. */
    q: searchTerm(),
    branch: optional(filterText(60).pipe(z.string().min(1))),
    status: optional(z.enum(STATUSES)),
    lender: optional(z.uuid()),
    staff: optional(z.uuid()),
    /** Created from and to, London calendar days (YYYY-MM-DD), both inclusive. */
    from: optional(z.iso.date()),
    to: optional(z.iso.date()),
    exception: optional(z.enum(FINANCE_EXCEPTIONS)),
  })
  // A date range typed backwards is read the way round it was meant, not as "nothing".
  .transform((query) => (query.from && query.to && query.from > query.to ? { ...query, from: query.to, to: query.from } : query));
export type FinanceQuery = z.infer<typeof FinanceQuery>;

export function parseFinanceQuery(searchParams: URLSearchParams): FinanceQuery {
  return FinanceQuery.parse(Object.fromEntries(searchParams));
}

const FILTER_KEYS = ["q", "branch", "status", "lender", "staff", "from", "to", "exception"] as const;

/** The filters as search params, without paging or sort: for the CSV link, exception links and "Clear". */
export function financeFilterParams(query: FinanceQuery) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  return params;
}
