import { FieldError } from "./form";

/**
 * The code field a sensitive form grows when the server asks for a fresh code (see step-up.server.ts):
 * it appears in the same form, whose other values the server sends back, so nothing typed is lost.
 * `errors` are the form's errors on `oneTimeCode`.
 */
export function StepUpCode({ formId, errors }: { formId: string; errors?: string[] | null }) {
  if (!errors?.length) return null;
  const id = `${formId}-one-time-code`;
  return (
    <div className="field step-up">
      <label htmlFor={id}>Code from your authenticator app</label>
      <input id={id} name="oneTimeCode" inputMode="numeric" autoComplete="one-time-code" autoFocus aria-describedby={`${id}-error`} aria-invalid maxLength={40} />
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}
