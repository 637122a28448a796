import { StepUpCode } from "~/components/step-up-code";
import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import type { z } from "zod";
import { FieldError, FormErrors, TextField, useStaffForm } from "~/components/form";
import { ROLE_LABELS, ROLES } from "~/modules/auth/permissions";
import type { CreateUserSchema } from "./users.schema";
import { SubmitButton } from "~/components/submit-button";

type UserFormValues = Partial<z.input<typeof CreateUserSchema>> & { active?: string; version?: number };

/** The fields shared by the new-user and edit-user pages. */
export function UserForm(props: {
  mode: "create" | "update";
  branches: { id: string; name: string; active: boolean }[];
  defaultValue?: UserFormValues;
  lastResult?: SubmissionResult<string[]> | null;
  submitLabel: string;
}) {
  const [form, fields] = useStaffForm<UserFormValues>({ lastResult: props.lastResult, defaultValue: props.defaultValue });
  const chosen = new Set([fields.branchIds.initialValue ?? []].flat());
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={props.mode} />
      {props.defaultValue?.version ? <input type="hidden" name="version" value={props.defaultValue.version} /> : null}
      <div className="form-grid">
        <TextField label="Name" field={fields.name} inputProps={{ required: true, autoComplete: "off" }} />
        <TextField label="Email" type="email" field={fields.email} inputProps={{ required: true, autoComplete: "off" }} />
        <div className="field">
          <label htmlFor={fields.role.id}>Role</label>
          <select {...getSelectProps(fields.role)} key={fields.role.key} required>
            <option value="">Choose a role</option>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
          <FieldError id={fields.role.errorId} errors={fields.role.errors} />
        </div>
      </div>
      <fieldset className="checkbox-group" aria-describedby={`${fields.branchIds.id}-hint ${fields.branchIds.errorId}`}>
        <legend>Branches</legend>
        <p className="hint" id={`${fields.branchIds.id}-hint`}>
          Managers and finance staff see and change only their branches&apos; records. Admins and compliance cover every branch.
        </p>
        {props.branches
          .filter((branch) => branch.active || chosen.has(branch.id))
          .map((branch) => (
            <label key={branch.id}>
              <input type="checkbox" name="branchIds" value={branch.id} defaultChecked={chosen.has(branch.id)} key={`${fields.branchIds.key}-${branch.id}`} />
              {branch.name}
              {branch.active ? "" : " (inactive)"}
            </label>
          ))}
      </fieldset>
      <FieldError id={fields.branchIds.errorId} errors={fields.branchIds.errors} />
      {props.mode === "create" ? (
        <TextField
          label="First password"
          type="password"
          field={fields.password}
          hint="At least 12 characters. Give it to them in person; they can change it under Your account."
          inputProps={{ required: true, minLength: 12, autoComplete: "new-password" }}
        />
      ) : (
        <div className="field">
          <label>
            <input {...getInputProps(fields.active, { type: "checkbox", value: "on" })} key={fields.active.key} /> Active
          </label>
          <p className="hint">An inactive user can&apos;t sign in, and is signed out at once.</p>
        </div>
      )}
      <StepUpCode formId={form.id} errors={props.lastResult?.error?.oneTimeCode} />
      <div className="form-actions">
        <SubmitButton className="button primary">
          {props.submitLabel}
        </SubmitButton>
        <Link to="/admin/users">Cancel</Link>
      </div>
    </Form>
  );
}
