import { z } from "zod";

import { BRANDS } from "./brands";
import { checkbox, optionalText, text, uuid, version } from "~/utils/fields";
import { pageFields, sortDirection } from "~/utils/list-query";

export { BRANDS };

const fields = {
  name: text("branch's trading name", { min: 2, max: 120 }),
  slug: z
    .string({ error: "Enter a short web name, like maidstone-honda." })
    .trim()
    .toLowerCase()
    .max(60, { error: "Keep the short web name to 60 characters." })
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: "Use lower-case letters, digits and single hyphens in the short web name, like maidstone-honda." }),
  brands: z.array(z.enum(BRANDS, { error: "Choose brands from the list." })).max(BRANDS.length * 2, { error: "Choose each brand once." }).default([]),
  address: optionalText("address", { max: 300, multiline: true }),
  phone: z
    .string({ error: "Enter one phone number." })
    .trim()
    .max(30, { error: "Keep the phone number to 30 characters." })
    .regex(/^[0-9 +()-]*$/, { error: "Use digits, spaces and + ( ) - only in the phone number." })
    .default(""),
  stockNumberPrefix: z
    .string({ error: "Enter a stock-number prefix of 2 to 4 letters." })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2,4}$/, { error: "Use 2 to 4 letters for the stock-number prefix, like MHO." }),
};

export const CreateBranchSchema = z.object({ intent: z.literal("create"), ...fields });
export const UpdateBranchSchema = z.object({
  intent: z.literal("update"),
  id: uuid("Choose a branch from the list."),
  version: version(),
  ...fields,
  active: checkbox("active"),
});
export type BranchFields = Omit<z.infer<typeof CreateBranchSchema>, "intent">;

/** The list's URL state; a bad value falls back to the default instead of a 500. */
export const BranchListQuery = z.object({
  ...pageFields,
  sort: z.enum(["name", "slug", "prefix"]).catch("name"),
  dir: sortDirection("asc"),
});
export type BranchListQuery = z.infer<typeof BranchListQuery>;

/** Both forms post to one action; `intent` tells them apart. */
export const BranchFormSchema = z.discriminatedUnion("intent", [CreateBranchSchema, UpdateBranchSchema]);
