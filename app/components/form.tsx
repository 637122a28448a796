import type { FieldMetadata } from "@conform-to/react";
import { getInputProps } from "@conform-to/react";
import type { InputHTMLAttributes, ReactNode } from "react";

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
