import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, TextField, useStaffForm } from "~/components/form";
import { ChangePasswordSchema } from "~/modules/auth/auth.schema";
import { requireAccess, requireSignedIn, shownUser } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { MIN_PASSWORD_LENGTH } from "~/modules/auth/password.server";
import { ROLE_LABELS } from "~/modules/auth/permissions";
import { changeOwnPassword } from "~/modules/users/password.server";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { SubmitButton } from "~/components/submit-button";

export const meta: MetaFunction = () => [{ title: "Your account · Laguna Admin" }];

// The action needs the session too (to end the others): requireSignedIn is its signed-in guard.
export const access = { loader: "signed-in", action: "signed-in" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  return { user: shownUser(user), minLength: MIN_PASSWORD_LENGTH };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, sessionId } = await requireSignedIn({ request, context });
  const submission = parseWithZod(await readForm(request), { schema: ChangePasswordSchema });
  const hideFields = ["currentPassword", "newPassword", "confirmPassword"];
  if (submission.status !== "success") return data(submission.reply({ hideFields }), { status: 400 });

  const result = await changeOwnPassword({ user, sessionId, ipAddress: user.clientIp, ...submission.value });
  if (!result.ok) {
    return data(submission.reply({ fieldErrors: { [result.field]: [result.message] }, hideFields }), { status: 400 });
  }
  return redirectWithToast("/account", "Password changed. You've been signed out everywhere else.");
}

export default function AccountPage() {
  const { user, minLength } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useStaffForm<z.input<typeof ChangePasswordSchema>>({ lastResult });
  return (
    <>
      <h1>Your account</h1>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{user.name}</dd>
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Role</dt>
        <dd>{ROLE_LABELS[user.role]}</dd>
      </dl>
      <section className="panel narrow" aria-labelledby="password-title">
        <h2 id="password-title">Change your password</h2>
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextField label="Current password" type="password" field={fields.currentPassword} inputProps={{ autoComplete: "current-password", required: true }} />
          <TextField
            label="New password"
            type="password"
            field={fields.newPassword}
            hint={`At least ${minLength} characters, and not a common password. A short sentence is easy to remember.`}
            inputProps={{ autoComplete: "new-password", required: true, minLength }}
          />
          <TextField label="New password again" type="password" field={fields.confirmPassword} inputProps={{ autoComplete: "new-password", required: true }} />
          <SubmitButton className="button primary">
            Change password
          </SubmitButton>
        </Form>
      </section>
    </>
  );
}
