import { z } from "zod";
import { email } from "~/utils/fields";

const password = (required: string) => z.string({ error: required }).max(256, { error: "Keep the password to 256 characters." });

export const SignInSchema = z.object({
  email: email("email address", { required: "Enter your email address." }),
  password: password("Enter your password."),
  // A page to return to; anything odd is dropped (the route also keeps it to this site).
  redirectTo: z.string().optional().catch(undefined),
});

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password." }),
    newPassword: password("Enter a new password."),
    confirmPassword: z.string({ error: "Enter the new password again." }),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    error: "The two new passwords don't match.",
  });

export const SecondFactorSchema = z.object({
  code: z
    .string({ error: "Enter the 6-digit code from your authenticator app, or a recovery code." })
    .trim()
    .max(40, { error: "That code is too long: enter the 6-digit code from your app, or a recovery code." }),
  redirectTo: z.string().optional(),
});

export const EnrolSchema = z.object({
  code: z
    .string({ error: "Enter the 6-digit code your authenticator app shows for Laguna Admin." })
    .trim()
    .regex(/^\d{3} ?\d{3}$/, { error: "Enter the 6 digits your authenticator app shows for Laguna Admin." }),
  redirectTo: z.string().optional(),
});
