import { z } from "zod";
import { CLOCK_SLACK_MS, fromLondonLocal, londonToday } from "./dates";
import { fieldMessage } from "./field-messages";
import { formatPounds, parsePence } from "./money";

// Whatever a schema leaves without a sentence of its own gets one naming the field (field-messages.ts).
z.config({ customError: fieldMessage });

/**
 * The domains every form field is checked against, one rule each, shared by every schema. Values
 * outside them are refused with a message by the field, before anything reaches the database.
 */

/**
 * The most money any one amount may be: £1,000,000. Above any bike, deposit or deal the group
 * handles, and far below what an integer column holds (£21.4m), so no stored amount, and no
 * commission worked out from one (at most 100% of it), can overflow: bounds, not bigint columns.
 */
export const MAX_PENCE = 100_000_000;

/** The largest value of a PostgreSQL integer column: versions and counts never go past it. */
export const MAX_INT = 2_147_483_647;

/** No record of the business (a bike into stock, a sale, an agreement) is dated before this. */
export const BUSINESS_START = "2000-01-01";

/** Control characters (NUL, escape, …): never wanted in text, and PostgreSQL refuses a NUL outright. */
const CONTROL = /\p{Cc}/u;
/** The same, but tabs and line breaks are fine in multi-line text. */
const CONTROL_IN_LINES = /(?![\t\n])\p{Cc}/u;
const controlMessage = (label: string) => `The ${label} contains a hidden control character (such as a NUL): retype it without one.`;

interface TextOptions {
  /** At most this many characters (after trimming). */
  max: number;
  /** At least this many characters when required (default 1). */
  min?: number;
  /** Tabs and line breaks allowed (a textarea); CRLF becomes LF. */
  multiline?: boolean;
  /** The message when it is missing or too short (default "Enter the {label}."). */
  required?: string;
}

function checkedText(label: string, options: TextOptions) {
  return z
    .string({ error: options.required ?? `Enter the ${label}.` })
    .transform((value) => (options.multiline ? value.replace(/\r\n?/g, "\n") : value).trim())
    .refine((value) => !(options.multiline ? CONTROL_IN_LINES : CONTROL).test(value), { error: controlMessage(label), abort: true })
    .refine((value) => value.length <= options.max, { error: `Keep the ${label} to ${options.max.toLocaleString("en-GB")} characters.`, abort: true });
}

/** Required text: trimmed, no control characters, between `min` (default 1) and `max` characters. */
export function text(label: string, options: TextOptions) {
  const min = options.min ?? 1;
  return checkedText(label, options).refine((value) => value.length >= min, { error: options.required ?? `Enter the ${label}.` });
}

/** Optional text: empty (or absent) is "". */
export function optionalText(label: string, options: TextOptions) {
  return checkedText(label, options).default("");
}

interface MoneyOptions {
  /** The smallest amount allowed, in pence (default 0). */
  min?: number;
  /** What the field prompt gives as an example. */
  example?: string;
}

function toPence(label: string, options: MoneyOptions) {
  const min = options.min ?? 0;
  const prompt = `Enter the ${label} in pounds, like ${options.example ?? "8499 or 8,499.00"}.`;
  return (input: string, ctx: z.RefinementCtx) => {
    const pence = parsePence(input);
    if (pence === null && /^\s*-/.test(input)) ctx.addIssue({ code: "custom", message: `The ${label} can't be less than ${formatPounds(min, { whole: min % 100 === 0 })}.` });
    else if (pence === null) ctx.addIssue({ code: "custom", message: prompt });
    else if (pence > MAX_PENCE) ctx.addIssue({ code: "custom", message: `The ${label} can't be more than ${formatPounds(MAX_PENCE, { whole: true })}.` });
    else if (pence < min) ctx.addIssue({ code: "custom", message: min === 1 ? `The ${label} must be more than £0.` : `The ${label} must be at least ${formatPounds(min)}.` });
    else return pence;
    return z.NEVER;
  };
}

/** Pounds as typed ("8,499.00", "£8499") → integer pence, from `min` (default £0) to £1,000,000. */
export function pounds(label: string, options: MoneyOptions = {}) {
  return z.string({ error: `Enter the ${label} in pounds.` }).transform(toPence(label, options));
}

/** Like `pounds`, with an empty (or absent) field meaning `empty` (null unless given, e.g. 0). */
export function optionalPounds<E extends number | null = null>(label: string, options: MoneyOptions & { empty?: E } = {}) {
  const convert = toPence(label, options);
  return z
    .string({ error: `Enter the ${label} in pounds.` })
    .optional()
    .transform((input, ctx): number | E => (input === undefined || input.trim() === "" ? ((options.empty ?? null) as E) : convert(input, ctx)));
}

/** A whole number from `min` to `max` (typed as text). */
export function wholeNumber(label: string, options: { min: number; max: number; message?: string }) {
  const message = options.message ?? `Enter the ${label} as a whole number.`;
  return z.coerce
    .number({ error: message })
    .int({ error: message })
    .min(options.min, { error: `The ${label} can't be less than ${options.min.toLocaleString("en-GB")}.` })
    .max(options.max, { error: `The ${label} can't be more than ${options.max.toLocaleString("en-GB")}.` });
}

/** Like `wholeNumber`, with an empty (or absent) field meaning null. */
export function optionalWholeNumber(label: string, options: { min: number; max: number; message?: string }) {
  const checked = wholeNumber(label, options);
  return z
    .string({ error: options.message ?? `Enter the ${label} as a whole number.` })
    .optional()
    .transform((input, ctx): number | null => {
      if (input === undefined || input.trim() === "") return null;
      const result = checked.safeParse(input);
      if (result.success) return result.data;
      for (const issue of result.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
      return z.NEVER;
    });
}

/** The version a form was loaded at (optimistic concurrency): a whole number a database integer holds. */
export function version() {
  const message = "This form is out of date or damaged: reload the page and try again.";
  return z.coerce.number({ error: message }).int({ error: message }).min(1, { error: message }).max(MAX_INT, { error: message });
}

/** A tick box: ticked ("on") or absent. */
export function checkbox(label: string) {
  return z
    .enum(["on"], { error: `Tick the ${label} box, or leave it clear.` })
    .optional()
    .transform((value) => value === "on");
}

/** One of a fixed list of options (a select or radio buttons). */
export function choice<const T extends readonly [string, ...string[]]>(label: string, options: T, message = `Choose the ${label} from the list.`) {
  return z.enum(options, { error: message });
}

/** An email address: trimmed, at most 254 characters (the longest deliverable one). */
export function email(label: string, options: { required?: string; example?: string } = {}) {
  const invalid = `Enter a valid ${label}${options.example ? `, like ${options.example}` : ""}.`;
  return z
    .string({ error: options.required ?? `Enter the ${label}.` })
    .trim()
    .refine((value) => value.length <= 254, { error: `Keep the ${label} to 254 characters.`, abort: true })
    .pipe(z.email({ error: invalid }));
}

/** An id of a record, chosen from a list: anything but a UUID is refused with `message`. */
export function uuid(message: string) {
  return z.uuid({ error: message });
}

type Bound = string | (() => string);
const resolve = (bound: Bound) => (typeof bound === "function" ? bound() : bound);

/** Today (London) as the latest day allowed: "not in the future". */
export const today = () => londonToday();

/** `years` years after today (London), for plans and agreements that reach ahead. */
export const yearsAhead = (years: number) => () => {
  const date = new Date(`${londonToday()}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString().slice(0, 10);
};

interface DayOptions {
  /** The earliest day allowed (default BUSINESS_START). */
  from?: Bound;
  /** The latest day allowed. */
  to: Bound;
  /** Messages when too early / too late (defaults name the bound). */
  tooEarly?: string;
  tooLate?: string;
  required?: string;
}

/** Bounds are checked only on a value that passed its format: one message for "not a date". */
const onlyIfValid = { when: (payload: z.core.ParsePayload) => payload.issues.length === 0 };

/** A calendar day (YYYY-MM-DD, a real date) within business bounds. */
export function day(label: string, options: DayOptions) {
  return z.iso
    .date({ error: options.required ?? `Enter the ${label}.` })
    .refine((value) => value >= resolve(options.from ?? BUSINESS_START), {
      error: () => options.tooEarly ?? `The ${label} can't be before ${resolve(options.from ?? BUSINESS_START)}.`,
      abort: true,
      ...onlyIfValid,
    })
    .refine((value) => value <= resolve(options.to), { error: () => options.tooLate ?? `The ${label} can't be after ${resolve(options.to)}.`, ...onlyIfValid });
}

/** Like `day`, with an empty (or absent) field meaning "". */
export function optionalDay(label: string, options: DayOptions) {
  const checked = day(label, options);
  return z
    .string({ error: options.required ?? `Enter the ${label}, or leave it empty.` })
    .optional()
    .transform((input, ctx): string => {
      if (input === undefined || input.trim() === "") return "";
      const result = checked.safeParse(input.trim());
      if (result.success) return result.data;
      for (const issue of result.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
      return z.NEVER;
    });
}


/** A London wall-clock time (a datetime-local field) that has happened: not in the future, not before BUSINESS_START. */
export function pastMoment(label: string) {
  return z.iso
    .datetime({ local: true, error: `Enter the ${label} (date and time).` })
    .refine((value) => fromLondonLocal(value) >= fromLondonLocal(`${BUSINESS_START}T00:00`), { error: `The ${label} can't be before ${BUSINESS_START}.`, abort: true, ...onlyIfValid })
    .refine((value) => fromLondonLocal(value).getTime() <= Date.now() + CLOCK_SLACK_MS, { error: `The ${label} can't be in the future.`, ...onlyIfValid });
}
