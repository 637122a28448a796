import { z } from "zod";
import { ROLES } from "~/modules/auth/permissions";
import { pageFields, sortDirection } from "~/utils/list-query";

export const UserListQuery = z.object({
  ...pageFields,
  sort: z.enum(["name", "email", "role", "active", "createdAt"]).catch("name"),
  dir: sortDirection("asc"),
  q: z.string().trim().max(100).catch(""),
  role: z.enum(ROLES).optional().catch(undefined),
  branch: z.string().trim().max(60).optional().catch(undefined),
  active: z.enum(["active", "inactive", "all"]).catch("active"),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

export const UserEmail = z
  .string({ error: "Enter an email address." })
  .trim()
  .max(254, { error: "Use at most 254 characters." })
  .pipe(z.email({ error: "Enter a valid email address, like name@lagunamotorcycles.co.uk." }));
export const UserName = z.string({ error: "Enter the person's name." }).trim().min(2, { error: "Enter the person's full name." }).max(120);
const role = z.enum(ROLES, { error: "Choose a role." });
const branchIds = z.array(z.uuid({ error: "Choose a branch from the list." })).default([]);

export const CreateUserSchema = z.object({
  intent: z.literal("create"),
  email: UserEmail,
  name: UserName,
  role,
  branchIds,
  password: z.string({ error: "Enter a first password for them." }).max(256),
});

export const UpdateUserSchema = z.object({
  intent: z.literal("update"),
  id: z.uuid(),
  version: z.coerce.number().int().min(1),
  email: UserEmail,
  name: UserName,
  role,
  branchIds,
  active: z.enum(["on"]).optional().transform((value) => value === "on"),
});

export const ResetPasswordSchema = z.object({
  intent: z.literal("reset-password"),
  id: z.uuid(),
  password: z.string({ error: "Enter a new password for them." }).max(256),
});

export const SetActiveSchema = z.object({
  intent: z.enum(["deactivate", "reactivate"]),
  id: z.uuid(),
  version: z.coerce.number().int().min(1),
});
