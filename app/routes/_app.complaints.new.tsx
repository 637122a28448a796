import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { NewComplaintForm } from "~/modules/complaints/complaint-forms";
import { complaintFormOptions } from "~/modules/complaints/complaints-read.server";
import { ComplaintFieldsSchema } from "~/modules/complaints/complaints.schema";
import { createComplaint } from "~/modules/complaints/complaints.server";
import { fromLondonLocal, toLondonLocal } from "~/utils/dates";
import { errorsFor } from "~/utils/form-reply";
import { readForm } from "~/utils/form.server";
import { submissionOf } from "~/utils/submission.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: "Record a complaint · Laguna Admin" }];

export const access = { loader: "complaints:edit", action: "complaints:edit" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const options = await complaintFormOptions(user);
  // A deal's page links here with its reference filled in.
  const deal = (new URL(request.url).searchParams.get("deal") ?? "").slice(0, 40);
  return { ...options, defaultValue: { receivedAt: toLondonLocal(new Date()), ownerId: user.id, dealReference: deal, branchId: options.branches.length === 1 ? options.branches[0]!.id : "" } };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAccess({ request, context }, access.action);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: ComplaintFieldsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createComplaint({ actor: user, fields: submission.value, receivedAt: fromLondonLocal(submission.value.receivedAt), once: submissionOf(user, formData) });
  if (!result.ok) return data(submission.reply(errorsFor(result)), { status: result.status ?? 400 });
  return redirectWithToast(`/complaints/${result.id}`, `Recorded complaint ${result.reference}.${result.holdPlaced ? " The deal is now on legal hold." : ""}`);
}

export default function NewComplaintPage() {
  const { branches, owners, defaultValue } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>Record a complaint</h1>
      <section className="panel">
        <NewComplaintForm lastResult={lastResult} branches={branches} owners={owners} defaultValue={defaultValue} />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
