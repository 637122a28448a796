import { z } from "zod";

export const SignInSchema = z.object({
  email: z.string({ error: "Enter your email address." }).trim().max(254).pipe(z.email({ error: "Enter a valid email address." })),
  password: z.string({ error: "Enter your password." }).max(256),
  redirectTo: z.string().optional(),
});

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password." }),
    newPassword: z.string({ error: "Enter a new password." }).max(256),
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
