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
