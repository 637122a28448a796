import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormErrors, TextField, useStaffForm } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { SecondFactorSchema } from "~/modules/auth/auth.schema";
import { pendingSecondStep, requireAccess, requireSession } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { checkSecondFactor } from "~/modules/auth/two-factor.server";
import { readForm } from "~/utils/form.server";
import { safeRedirectPath } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: "Enter your code · Laguna Admin" }];

// The second step of signing in: a session that has passed the password (and owes this step) only.
export const access = { loader: "session", action: "session" } as const satisfies RouteAccess;

/** A session owing no code here is sent where it belongs: enrolment, or on to the page it asked for. */
function elsewhere(state: Parameters<typeof pendingSecondStep>[0], redirectTo: string) {
  const pending = pendingSecondStep(state);
  if (pending === "/login/code") return null;
  return redirect(pending ? `${pending}?${new URLSearchParams({ redirectTo })}` : redirectTo);
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccess({ request, context }, access.loader);
  const { user, secondFactor } = await requireSession({ request, context });
  const away = elsewhere(secondFactor, safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  if (away) throw away;
  return { email: user.email };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAccess({ request, context }, access.action);
  const { user, sessionId, secondFactor } = await requireSession({ request, context });
  const submission = parseWithZod(await readForm(request), { schema: SecondFactorSchema });
  const redirectTo = safeRedirectPath(submission.payload.redirectTo as string | undefined);
  const away = elsewhere(secondFactor, redirectTo);
  if (away) return away;
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["code"] }), { status: 400 });

  const result = await checkSecondFactor({ user, sessionId, code: submission.value.code, ipAddress: user.clientIp, purpose: "sign-in" });
  if (!result.ok) return data(submission.reply({ fieldErrors: { code: [result.message] }, hideFields: ["code"] }), { status: 401 });
  if (result.usedRecoveryCode) {
    const left = result.recoveryCodesLeft;
    const advice = left <= 3 ? " Ask an admin to reset your second factor to set up your app again and get new codes." : "";
    return redirectWithToast(redirectTo, `Signed in with a recovery code: ${left} of 10 left, each usable once.${advice}`);
  }
  return redirect(redirectTo);
}

export default function SecondFactorPage() {
  const { email } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useStaffForm<z.input<typeof SecondFactorSchema>>({ lastResult });
  return (
    <main className="login">
      <div className="login-card">
        <h1>Enter your code</h1>
        <p className="muted">
          Signing in as {email}. Open your authenticator app and enter the 6-digit code it shows for Laguna Admin.
        </p>
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
          <TextField
            label="Code"
            field={fields.code}
            hint="No phone to hand? Enter one of your recovery codes instead (like abcde-fghij)."
            inputProps={{ autoComplete: "one-time-code", inputMode: "text", autoFocus: true, required: true, maxLength: 40 }}
          />
          <SubmitButton className="button primary wide" pendingLabel="Checking…">
            Continue
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
