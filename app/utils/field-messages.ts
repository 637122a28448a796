import { z } from "zod";

/**
 * The last word on a message: any issue a schema raises without its own sentence (a bound a builder
 * forgot, a repeated field, an option that isn't in the list) is put into one here, naming the field,
 * instead of zod's "Too big: expected string to have <=30 characters" or "Invalid input". The field
 * builders in fields.ts give their own messages first; this catches what they don't. Installed when
 * fields.ts is loaded, which every form schema imports.
 */

/** What a form field is called where its key doesn't say it plainly. */
const LABELS: Record<string, string> = {
  v5cHeld: "V5C held",
  fcaFrn: "FCA firm reference number",
  redirectTo: "page to return to",
  customerAskedAmount: "customer asked for the amount",
  guarantorRequired: "guarantor required",
  promotesFinance: "promotes finance",
  rateFixed: "fixed rate",
  modelScope: "models it covers",
  active: "active",
  kind: "kind",
  version: "form's version",
  basedOnVersion: "form's version",
};

const UNIT_SUFFIX = /(Pence|BasisPoints|Ids?)$/;

/** "retailPricePence" → "retail price", "branchIds" → "branch"; a list index names its field. */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const key = [...path].reverse().find((part): part is string => typeof part === "string");
  if (!key) return "value";
  if (LABELS[key]) return LABELS[key];
  const words = key.replace(UNIT_SUFFIX, "").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words || key.toLowerCase();
}

const count = (n: number | bigint) => Number(n).toLocaleString("en-GB");

/** A staff-facing sentence for an issue that has no message of its own. */
export function fieldMessage(issue: z.core.$ZodRawIssue): string {
  const label = fieldLabel(issue.path ?? []);
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return `Enter the ${label}.`;
      if (Array.isArray(issue.input)) return `Give one ${label} only.`;
      return `Enter the ${label} again: what was sent isn't one.`;
    case "invalid_value":
      return `Choose the ${label} from the options given.`;
    case "too_big":
      if (issue.origin === "string") return `Keep the ${label} to ${count(issue.maximum)} characters.`;
      if (issue.origin === "array" || issue.origin === "set") return `Choose at most ${count(issue.maximum)} for the ${label}.`;
      return `The ${label} can't be more than ${count(issue.maximum)}.`;
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? `Enter the ${label}.` : `The ${label} needs at least ${count(issue.minimum)} characters.`;
      if (issue.origin === "array" || issue.origin === "set") return `Choose at least ${count(issue.minimum)} for the ${label}.`;
      return `The ${label} can't be less than ${count(issue.minimum)}.`;
    case "invalid_format":
      return `Enter a valid ${label}.`;
    case "not_multiple_of":
      return `Enter the ${label} as a whole number.`;
    default:
      return `Check the ${label}: it can't be used as it is.`;
  }
}

