import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { DealForm } from "~/modules/finance/deal-form";
import { dealFormOptions } from "~/modules/finance/deal-options.server";
import { DealFieldsSchema } from "~/modules/finance/deals.schema";
import { createDeal } from "~/modules/finance/deals.server";
import { errorsFor } from "~/utils/form-reply";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { submissionOf } from "~/utils/submission.server";

export const meta: MetaFunction = () => [{ title: "New introduction · Laguna Admin" }];

export const access = { loader: "finance:edit", action: "finance:edit" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  return dealFormOptions(user);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAccess({ request, context }, access.action);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: DealFieldsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createDeal({ actor: user, fields: submission.value, once: submissionOf(user, formData) });
  if (!result.ok) return data(submission.reply(errorsFor(result)), { status: result.status ?? 400 });
  return redirectWithToast(`/finance/${result.id}`, `Recorded introduction ${result.reference}. Next: give the disclosure.`);
}

export default function NewDealPage() {
  const { branches, bikes } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>New finance introduction</h1>
      <section className="panel">
        <DealForm
          mode="create"
          branches={branches}
          bikes={bikes}
          lastResult={lastResult}
          defaultValue={{
            branchId: branches.length === 1 ? branches[0]!.id : "",
            channel: "in_store",
            customerUkResident: "yes",
            rateFixed: "yes",
            firstPaymentMonth: "1",
            depositContributionPence: "0",
            partExchangePence: "0",
            partExchangeSettlementPence: "0",
            feeAtSigningPence: "0",
            feeWithLastPaymentPence: "0",
            finalPaymentPence: "0",
          }}
          cancelTo="/finance"
        />
      </section>
    </>
  );
}
