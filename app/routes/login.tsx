import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormErrors, TextField, useStaffForm } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { SignInSchema } from "~/modules/auth/auth.schema";
import { getSignedIn, SIGN_OUT_REASONS, type SignOutReason } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { signIn } from "~/modules/auth/sign-in.server";
import { readForm } from "~/utils/form.server";
import { safeRedirectPath } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Laguna Admin" }];

// Public by design: signed-in users are sent on, everyone else sees the form.
export const access = { loader: "public", action: "public" } as const satisfies RouteAccess;

const REASON_MESSAGES: Record<SignOutReason, string> = {
  expired: "Your session has ended, so you were signed out. Sign in again to carry on where you were.",
  deactivated: "You were signed out because your account has been deactivated. If you still need access, ask an admin to reactivate it.",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const signedIn = await getSignedIn({ request, context });
  const params = new URL(request.url).searchParams;
  if (signedIn) throw redirect(safeRedirectPath(params.get("redirectTo")));
  // Only a known reason is shown, in our words: the address can't put text on this page.
  const reason = params.get("reason");
  return { notice: SIGN_OUT_REASONS.includes(reason as SignOutReason) ? REASON_MESSAGES[reason as SignOutReason] : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: SignInSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });

  const result = await signIn({ ...submission.value, ipAddress: context.clientIp ?? "unknown", userAgent: request.headers.get("User-Agent") ?? "" });
  if (!result.ok) {
    return data(submission.reply({ formErrors: [result.message], hideFields: ["password"] }), { status: 401 });
  }
  const redirectTo = safeRedirectPath(submission.value.redirectTo);
  // A session that owes its second step goes to it, and on to redirectTo afterwards.
  const to = result.next ? `${result.next}?${new URLSearchParams({ redirectTo })}` : redirectTo;
  return redirect(to, { headers: { "Set-Cookie": result.setCookie } });
}

export default function LoginPage() {
  const { notice } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useStaffForm<z.input<typeof SignInSchema>>({ lastResult });
  return (
    <main className="login">
      <div className="login-card">
        <h1>Laguna Admin</h1>
        {notice && !lastResult ? (
          <p className="notice" role="status">
            {notice}
          </p>
        ) : null}
        <p className="muted">Sign in with your work email.</p>
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
          <TextField label="Email" type="email" field={fields.email} inputProps={{ autoComplete: "username", autoFocus: true }} />
          <TextField label="Password" type="password" field={fields.password} inputProps={{ autoComplete: "current-password" }} />
          <SubmitButton className="button primary wide" pendingLabel="Signing in…">
            Sign in
          </SubmitButton>
        </Form>
      </div>
    </main>
  );
}
