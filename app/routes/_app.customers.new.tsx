import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { CustomerForm } from "~/modules/customers/customer-forms";
import { CustomerFieldsSchema } from "~/modules/customers/customers.schema";
import { createCustomer } from "~/modules/customers/customers.server";
import { errorsFor } from "~/utils/form-reply";
import { readForm } from "~/utils/form.server";
import { submissionOf } from "~/utils/submission.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: "Add a customer · Laguna Admin" }];

export const access = { loader: "customers:edit", action: "customers:edit" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccess({ request, context }, access.loader);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAccess({ request, context }, access.action);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: CustomerFieldsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createCustomer({ actor: user, fields: submission.value, once: submissionOf(user, formData) });
  if (!result.ok) return data(submission.reply(errorsFor(result)), { status: result.status ?? 400 });
  return redirectWithToast(`/customers/${result.id}`, `Added ${submission.value.name}.`);
}

export default function NewCustomerPage() {
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>Add a customer</h1>
      <section className="panel">
        <CustomerForm id="new-customer" lastResult={lastResult} defaultValue={{ ukResident: "unknown" }} submitLabel="Add customer" />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
