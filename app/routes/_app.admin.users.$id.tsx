import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { ConfirmButton } from "~/components/confirm-button";
import { FormErrors, TextField, useStaffForm } from "~/components/form";
import { StepUpCode } from "~/components/step-up-code";
import { requireAccess, requireIntent } from "~/modules/auth/guards.server";
import { STEP_UP_FIELD, stepUpProblem } from "~/modules/auth/step-up.server";
import { resetSecondFactor, secondFactorStatus } from "~/modules/auth/two-factor.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { listBranchOptions } from "~/modules/branches/branches.server";
import { UserForm } from "~/modules/users/user-form";
import { ResetPasswordSchema, ResetSecondFactorSchema, SetActiveSchema, UpdateUserSchema } from "~/modules/users/users.schema";
import { getUser, resetPassword, setUserActive, updateUser } from "~/modules/users/users.server";
import { formatDateTime } from "~/utils/dates";
import type { Result } from "~/utils/result.server";
import { notFound } from "~/utils/http.server";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { SubmitButton } from "~/components/submit-button";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.name ?? "User"} · Laguna Admin` }];

export const access = {
  loader: "users:manage",
  intents: {
    update: "users:manage",
    "reset-password": "users:manage",
    "reset-second-factor": "users:manage",
    deactivate: "users:manage",
    reactivate: "users:manage",
  },
} as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAccess({ request, context }, access.loader);
  const user = await getUser(params.id ?? "");
  if (!user) notFound("That user doesn't exist.");
  return { user, branches: await listBranchOptions(), twoFactor: await secondFactorStatus(user.id) };
}

const SCHEMAS = {
  update: UpdateUserSchema,
  "reset-password": ResetPasswordSchema,
  "reset-second-factor": ResetSecondFactorSchema,
  deactivate: SetActiveSchema,
  reactivate: SetActiveSchema,
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor, intent, formData } = await requireIntent({ request, context }, access.intents, readForm);
  const schema = SCHEMAS[intent];
  formData.set("id", params.id ?? "");
  const submission = parseWithZod(formData, { schema });
  const hideFields = ["password", STEP_UP_FIELD];
  if (submission.status !== "success") return data({ intent, result: submission.reply({ hideFields }) }, { status: 400 });
  // Every change to a user needs a fresh code; the form comes back with what was typed (but the code).
  const stepUp = await stepUpProblem({ request, context }, formData, "change a user");
  if (stepUp) return data({ intent, result: submission.reply({ fieldErrors: { [STEP_UP_FIELD]: [stepUp] }, hideFields: [STEP_UP_FIELD] }) }, { status: 401 });

  const value = submission.value;
  let result: Result;
  let done: string;
  if (value.intent === "update") {
    result = await updateUser({ actor, ...value });
    done = `Saved ${value.name}.`;
  } else if (value.intent === "reset-second-factor") {
    result = await resetSecondFactor({ actor, userId: value.id, version: value.version });
    done = "Two-factor sign-in reset. Their sessions have ended; they set it up again at their next sign-in.";
  } else if (value.intent === "reset-password") {
    result = await resetPassword({ actor, id: value.id, password: value.password });
    done = "Password reset. Their sessions have ended; give them the new password in person.";
  } else {
    result = await setUserActive({ actor, id: value.id, version: value.version, active: value.intent === "reactivate" });
    done = value.intent === "reactivate" ? "User reactivated." : "User deactivated and signed out everywhere.";
  }
  if (!result.ok) {
    const errors = result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] };
    return data({ intent, result: submission.reply({ ...errors, hideFields }) }, { status: result.status ?? 400 });
  }
  return redirectWithToast(intent === "update" ? "/admin/users" : `/admin/users/${params.id}`, done);
}

export default function EditUserPage() {
  const { user, branches, twoFactor } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  return (
    <>
      <div className="page-header">
        <h1>{user.name}</h1>
        {user.active ? <span className="badge ok">Active</span> : <span className="badge">Inactive</span>}
      </div>
      <p className="muted">
        Added {formatDateTime(user.createdAt)} · last changed {formatDateTime(user.updatedAt)} · version {user.version}
      </p>
      <section className="panel" aria-labelledby="details-title">
        <h2 id="details-title">Details and access</h2>
        <UserForm
          key={user.version}
          mode="update"
          branches={branches}
          lastResult={resultFor("update")}
          defaultValue={{
            name: user.name,
            email: user.email,
            role: user.role,
            branchIds: user.branches.map((b) => b.id),
            active: user.active ? "on" : undefined,
            version: user.version,
          }}
          submitLabel="Save changes"
        />
      </section>
      <ResetPasswordForm lastResult={resultFor("reset-password")} />
      <section className="panel narrow" aria-labelledby="two-factor-title">
        <h2 id="two-factor-title">Two-factor sign-in</h2>
        {twoFactor.enrolledAt ? (
          <p>
            Set up {formatDateTime(twoFactor.enrolledAt)}; {twoFactor.recoveryCodesLeft} of 10 recovery codes left.
          </p>
        ) : (
          <p>Not set up.</p>
        )}
        <Form method="post">
          <FormErrors id="second-factor-errors" errors={resultFor("reset-second-factor")?.error?.[""] ?? undefined} />
          <input type="hidden" name="version" value={user.version} />
          <StepUpCode formId="reset-second-factor" errors={resultFor("reset-second-factor")?.error?.oneTimeCode} />
          <p>For a lost or replaced phone: their authenticator and recovery codes stop working, every session of theirs ends, and they set it up again at their next sign-in.</p>
          <ConfirmButton label="Reset two-factor sign-in" title={`Reset ${user.name}'s two-factor sign-in?`} name="intent" value="reset-second-factor">
            <p>Check who is asking first: in person, or by calling them back on a number you already hold.</p>
          </ConfirmButton>
        </Form>
      </section>
      <section className="panel narrow" aria-labelledby="status-title">
        <h2 id="status-title">{user.active ? "Deactivate" : "Reactivate"}</h2>
        <Form method="post">
          <FormErrors id="status-errors" errors={resultFor(user.active ? "deactivate" : "reactivate")?.error?.[""] ?? undefined} />
          <StepUpCode formId="status" errors={resultFor(user.active ? "deactivate" : "reactivate")?.error?.oneTimeCode} />
          <input type="hidden" name="version" value={user.version} />
          {user.active ? (
            <>
              <p>They won&apos;t be able to sign in, and every session of theirs ends at once. Their records stay.</p>
              <ConfirmButton label="Deactivate user" title={`Deactivate ${user.name}?`} name="intent" value="deactivate">
                <p>{user.name} will be signed out everywhere and can&apos;t sign in until an admin reactivates them.</p>
              </ConfirmButton>
            </>
          ) : (
            <SubmitButton className="button" name="intent" value="reactivate">
              Reactivate user
            </SubmitButton>
          )}
        </Form>
      </section>
    </>
  );
}

function ResetPasswordForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useStaffForm<z.input<typeof ResetPasswordSchema>>({ id: "reset-password", lastResult });
  return (
    <section className="panel narrow" aria-labelledby="reset-title">
      <h2 id="reset-title">Reset password</h2>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="reset-password" />
        <TextField
          label="New password"
          type="password"
          field={fields.password}
          hint="At least 12 characters. Their sessions end; tell them the new password in person."
          inputProps={{ required: true, minLength: 12, autoComplete: "new-password" }}
        />
        <StepUpCode formId={form.id} errors={lastResult?.error?.oneTimeCode} />
        <SubmitButton className="button">
          Reset password
        </SubmitButton>
      </Form>
    </section>
  );
}
