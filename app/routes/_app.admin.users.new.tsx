import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAccess } from "~/modules/auth/guards.server";
import { STEP_UP_FIELD, stepUpProblem } from "~/modules/auth/step-up.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { listBranchOptions } from "~/modules/branches/branches.server";
import { UserForm } from "~/modules/users/user-form";
import { CreateUserSchema } from "~/modules/users/users.schema";
import { createUser } from "~/modules/users/users.server";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { submissionOf } from "~/utils/submission.server";

export const meta: MetaFunction = () => [{ title: "New user · Laguna Admin" }];

export const access = { loader: "users:manage", action: "users:manage" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccess({ request, context }, access.loader);
  return { branches: await listBranchOptions() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireAccess({ request, context }, access.action);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: CreateUserSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password", STEP_UP_FIELD] }), { status: 400 });
  // Changing users needs a fresh code; the password is kept in the form for the second send.
  const stepUp = await stepUpProblem({ request, context }, formData, "add a user");
  if (stepUp) return data(submission.reply({ fieldErrors: { [STEP_UP_FIELD]: [stepUp] }, hideFields: [STEP_UP_FIELD] }), { status: 401 });

  const result = await createUser({ actor, ...submission.value, once: submissionOf(actor, formData) });
  if (!result.ok) {
    const errors = result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] };
    return data(submission.reply({ ...errors, hideFields: ["password"] }), { status: result.status ?? 400 });
  }
  const enrol = result.twoFactorRequired ? " They set up two-factor sign-in at their first sign-in." : "";
  return redirectWithToast("/admin/users", `Added ${submission.value.email}. They can sign in now.${enrol}`);
}

export default function NewUserPage() {
  const { branches } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>New user</h1>
      <section className="panel">
        <UserForm mode="create" branches={branches} lastResult={lastResult} submitLabel="Create user" />
      </section>
    </>
  );
}
