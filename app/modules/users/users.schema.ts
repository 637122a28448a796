import { z } from "zod";
import { ROLES } from "~/modules/auth/permissions";
import { checkbox, email, text, uuid, version } from "~/utils/fields";
import { filterText, pageFields, searchTerm, sortDirection } from "~/utils/list-query";

export const UserListQuery = z.object({
  ...pageFields,
  sort: z.enum(["name", "email", "role", "active", "createdAt"]).catch("name"),
  dir: sortDirection("asc"),
  q: searchTerm(),
  role: z.enum(ROLES).optional().catch(undefined),
  branch: filterText(60).optional().catch(undefined),
  active: z.enum(["active", "inactive", "all"]).catch("active"),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

export const UserEmail = email("email address", { required: "Enter an email address.", example: "name@lagunamotorcycles.co.uk" });
export const UserName = text("person's name", { min: 2, max: 120, required: "Enter the person's full name." });
const role = z.enum(ROLES, { error: "Choose a role." });
const branchIds = z
  .array(uuid("Choose a branch from the list."))
  .max(50, { error: "Choose at most 50 branches." })
  .default([])
  .transform((ids) => [...new Set(ids)]);

export const CreateUserSchema = z.object({
  intent: z.literal("create"),
  email: UserEmail,
  name: UserName,
  role,
  branchIds,
  password: z.string({ error: "Enter a first password for them." }).max(256, { error: "Keep the password to 256 characters." }),
});

export const UpdateUserSchema = z.object({
  intent: z.literal("update"),
  id: uuid("That user doesn't exist."),
  version: version(),
  email: UserEmail,
  name: UserName,
  role,
  branchIds,
  active: checkbox("active"),
});

export const ResetPasswordSchema = z.object({
  intent: z.literal("reset-password"),
  id: uuid("That user doesn't exist."),
  password: z.string({ error: "Enter a new password for them." }).max(256, { error: "Keep the password to 256 characters." }),
});

export const SetActiveSchema = z.object({
  intent: z.enum(["deactivate", "reactivate"]),
  id: uuid("That user doesn't exist."),
  version: version(),
});

export const ResetSecondFactorSchema = z.object({
  intent: z.literal("reset-second-factor"),
  id: uuid("That user doesn't exist."),
  version: version(),
});

export const TwoFactorPolicySchema = z.object({
  version: z.coerce.number({ error: "Reload the page: the form is out of date. Then choose again." }).int().min(0).max(2_000_000_000),
  roles: z.array(z.enum(ROLES, { error: "Choose roles from the list." })).max(10).default([]),
});
