import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormErrors, TextField, useStaffForm } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { EnrolSchema } from "~/modules/auth/auth.schema";
import { requireAccess, requireSession } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { qrCodePath } from "~/modules/auth/totp.server";
import { confirmEnrolment, startEnrolment } from "~/modules/auth/two-factor.server";
import { readForm } from "~/utils/form.server";
import { safeRedirectPath } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Set up two-factor sign-in · Laguna Admin" }];

// Enrolment: right after the password for a role that must use a second factor (nothing else is
// served until it is done), or from /account for anyone who chooses to.
export const access = { loader: "session", action: "session" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccess({ request, context }, access.loader);
  const { user, secondFactor } = await requireSession({ request, context });
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  // Enrolled already: a session still owing its code goes to the code; the others were done already.
  if (secondFactor.enrolled) throw redirect(secondFactor.passedAt ? redirectTo : `/login/code?${new URLSearchParams({ redirectTo })}`);
  const enrolment = await startEnrolment(user);
  if (!enrolment) throw redirect(redirectTo);
  return { email: user.email, required: secondFactor.required, keyText: enrolment.keyText, qr: await qrCodePath(enrolment.uri) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAccess({ request, context }, access.action);
  const { user, sessionId, secondFactor } = await requireSession({ request, context });
  const submission = parseWithZod(await readForm(request), { schema: EnrolSchema });
  const redirectTo = safeRedirectPath(submission.payload.redirectTo as string | undefined);
  if (secondFactor.enrolled) return redirect(redirectTo);
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["code"] }), recoveryCodes: null }, { status: 400 });
  const result = await confirmEnrolment({ user, sessionId, code: submission.value.code.replace(" ", ""), ipAddress: user.clientIp });
  if (!result.ok) return data({ result: submission.reply({ fieldErrors: { code: [result.message] }, hideFields: ["code"] }), recoveryCodes: null }, { status: 400 });
  // The codes are in this answer only: stored hashed, never shown again.
  return { result: null, recoveryCodes: result.recoveryCodes, redirectTo };
}

// Once enrolment succeeds the loader would send the user on (they are enrolled now): reloading it
// after the action that returned the recovery codes took the codes off the screen a moment later.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  hasRecoveryCodes(actionResult) ? false : defaultShouldRevalidate;

const hasRecoveryCodes = (actionResult: unknown) =>
  typeof actionResult === "object" && actionResult !== null && Array.isArray((actionResult as { recoveryCodes?: unknown }).recoveryCodes);

export default function EnrolPage() {
  const { email, required, keyText, qr } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useStaffForm<z.input<typeof EnrolSchema>>({ lastResult: actionData?.result ?? undefined });
  if (actionData?.recoveryCodes) {
    return (
      <main className="login">
        <div className="login-card wide-card">
          <h1>Save your recovery codes</h1>
          <p>Two-factor sign-in is on. If you lose your phone, each of these codes signs you in once instead of a code from the app.</p>
          <p>
            <strong>They are shown only now.</strong> Print them or keep them in your password manager, not on your phone.
          </p>
          <ol className="recovery-codes" aria-label="Recovery codes">
            {actionData.recoveryCodes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ol>
          <Link className="button primary wide" to={"redirectTo" in actionData ? actionData.redirectTo : "/"}>
            I have saved them: continue
          </Link>
        </div>
      </main>
    );
  }
  const grouped = keyText.match(/.{1,4}/g)?.join(" ") ?? keyText;
  return (
    <main className="login">
      <div className="login-card wide-card">
        <h1>Set up two-factor sign-in</h1>
        <p className="muted">
          {required ? "Your role works with the regulated finance record, so signing in needs a code from your phone as well as your password. " : ""}
          Signing in as {email}.
        </p>
        <ol className="steps">
          <li>Install an authenticator app on your phone (Google Authenticator, Microsoft Authenticator, 1Password or similar).</li>
          <li>
            In the app, add an account and scan this QR code.
            <svg className="qr-code" viewBox={`0 0 ${qr.size} ${qr.size}`} role="img" aria-label="QR code of your key for an authenticator app" shapeRendering="crispEdges">
              <rect width={qr.size} height={qr.size} fill="#fff" />
              <path d={qr.path} fill="#000" />
            </svg>
            Can&apos;t scan it? Enter this key by hand (time-based, 6 digits):
            <code className="totp-key" aria-label="Key for manual entry">
              {grouped}
            </code>
          </li>
          <li>Enter the 6-digit code the app now shows for Laguna Admin.</li>
        </ol>
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
          <TextField label="Code from the app" field={fields.code} inputProps={{ autoComplete: "one-time-code", inputMode: "numeric", required: true, maxLength: 7, autoFocus: true }} />
          <SubmitButton className="button primary wide" pendingLabel="Checking…">
            Turn on two-factor sign-in
          </SubmitButton>
        </Form>
        <Form method="post" action="/logout" className="login-alt">
          <SubmitButton className="button link" pendingLabel="Signing out…">
            Sign out
          </SubmitButton>
        </Form>
      </div>
    </main>
  );
}
