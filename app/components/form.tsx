import type { FieldMetadata } from "@conform-to/react";
import { getInputProps, useForm } from "@conform-to/react";
import type { InputHTMLAttributes, ReactNode } from "react";

type StaffFormOptions<Schema extends Record<string, unknown>> = Omit<Parameters<typeof useForm<Schema>>[0], "shouldValidate" | "shouldRevalidate" | "onValidate">;

/**
 * Every form's conform set-up. Our schemas run on the server only (zod stays out of the page's
 * bundle), so conform's "validate" is a POST of the whole form: on each keystroke ("onInput") that
 * re-sent a sign-in's password per character. Here a form is checked when it is submitted, and only
 * then; the messages come back beside their fields with the input kept.
 */
export function useStaffForm<Schema extends Record<string, unknown>>(options: StaffFormOptions<Schema>) {
  return useForm<Schema>({ ...options, shouldValidate: "onSubmit", shouldRevalidate: "onSubmit" });
}

/** A labelled input with its error below; the error line keeps its space so buttons don't jump. */
export function TextField(props: {
  label: string;
  field: FieldMetadata<string | undefined> | FieldMetadata<string>;
  type?: "text" | "email" | "password" | "tel" | "date" | "search";
  hint?: ReactNode;
  inputProps?: InputHTMLAttributes<HTMLInputElement>;
}) {
  const { label, field, type = "text", hint } = props;
  const input = getInputProps(field, { type, ariaDescribedBy: hint ? `${field.id}-hint` : undefined });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${field.id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input {...input} key={input.key} {...props.inputProps} />
      <FieldError id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <p className="field-error" id={id} role={errors?.length ? "alert" : undefined}>
      {errors?.join(" ")}
    </p>
  );
}

export function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div className="form-errors" id={id} role="alert">
      {errors.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  );
}
