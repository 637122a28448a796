import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConfirmButton } from "~/components/confirm-button";
import { FormErrors, TextField, useStaffForm } from "~/components/form";
import { ChangePasswordSchema } from "~/modules/auth/auth.schema";
import { requireAccess, requireSignedIn, shownUser } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { MIN_PASSWORD_LENGTH } from "~/modules/auth/password.server";
import { ROLE_LABELS } from "~/modules/auth/permissions";
import { endOtherSessions, endOwnSession, listOwnSessions } from "~/modules/auth/sessions.server";
import { secondFactorStatus } from "~/modules/auth/two-factor.server";
import { changeOwnPassword } from "~/modules/users/password.server";
import { formatDateTime } from "~/utils/dates";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { SubmitButton } from "~/components/submit-button";

export const meta: MetaFunction = () => [{ title: "Your account · Laguna Admin" }];

// The action needs the session too (to end the others): requireSignedIn is its signed-in guard. Its
// forms (the password, and signing out other sessions) only ever touch the user's own account.
export const access = { loader: "signed-in", action: "signed-in" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccess({ request, context }, access.loader);
  const { user, sessionId, secondFactor } = await requireSignedIn({ request, context });
  const [sessions, twoFactor] = await Promise.all([listOwnSessions(user.id, sessionId), secondFactorStatus(user.id)]);
  return { user: shownUser(user), minLength: MIN_PASSWORD_LENGTH, sessions, twoFactor: { ...twoFactor, required: secondFactor.required } };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, sessionId } = await requireSignedIn({ request, context });
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "end-session") {
    const ended = await endOwnSession({ user, currentSessionId: sessionId, sessionId: String(formData.get("sessionId") ?? "") });
    return redirectWithToast("/account", ended ? "That session is signed out." : "That session had already ended.");
  }
  if (intent === "end-other-sessions") {
    const ended = await endOtherSessions({ user, currentSessionId: sessionId });
    return redirectWithToast("/account", ended ? `Signed out ${ended} other session${ended === 1 ? "" : "s"}.` : "There were no other sessions.");
  }
  const submission = parseWithZod(formData, { schema: ChangePasswordSchema });
  const hideFields = ["currentPassword", "newPassword", "confirmPassword"];
  if (submission.status !== "success") return data(submission.reply({ hideFields }), { status: 400 });

  const result = await changeOwnPassword({ user, sessionId, ipAddress: user.clientIp, ...submission.value });
  if (!result.ok) {
    return data(submission.reply({ fieldErrors: { [result.field]: [result.message] }, hideFields }), { status: 400 });
  }
  return redirectWithToast("/account", "Password changed. You've been signed out everywhere else.");
}

export default function AccountPage() {
  const { user, minLength, sessions, twoFactor } = useLoaderData<typeof loader>();
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
      <section className="panel narrow" aria-labelledby="two-factor-title">
        <h2 id="two-factor-title">Two-factor sign-in</h2>
        {twoFactor.enrolledAt ? (
          <p>
            On since {formatDateTime(twoFactor.enrolledAt)}: signing in asks for a code from your authenticator app. {twoFactor.recoveryCodesLeft} of 10
            recovery codes left. Lost your phone? An admin can reset it, and you set it up again at your next sign-in.
          </p>
        ) : (
          <>
            <p>Off. {twoFactor.required ? "Your role must use it: you will be asked to set it up." : "Add a code from your phone to your password, so a stolen password alone can't sign in as you."}</p>
            <Link className="button" to="/login/enrol?redirectTo=/account">
              Set up two-factor sign-in
            </Link>
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Where you are signed in</h2>
        <table className="sessions-table">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Address</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id}>
                <td>{session.device}</td>
                <td>{session.ipAddress || "unknown"}</td>
                <td>{formatDateTime(session.createdAt)}</td>
                <td>{formatDateTime(session.lastSeenAt)}</td>
                <td>
                  {session.current ? (
                    <strong>This session</strong>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="end-session" />
                      <input type="hidden" name="sessionId" value={session.id} />
                      <SubmitButton className="button" pendingLabel="Signing out…" aria-label={`Sign out ${session.device}, last seen ${formatDateTime(session.lastSeenAt)}`}>
                        Sign out
                      </SubmitButton>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {sessions.length > 1 ? (
          <Form method="post">
            <ConfirmButton label="Sign out all other sessions" title="Sign out everywhere else?" name="intent" value="end-other-sessions">
              <p>Every other browser or device signed in as you is signed out now. This one stays signed in.</p>
            </ConfirmButton>
          </Form>
        ) : (
          <p className="muted">This is your only session.</p>
        )}
      </section>
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
