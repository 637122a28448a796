import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { can } from "~/modules/auth/permissions";
import { DealForm, dealToFormValues } from "~/modules/finance/deal-form";
import { dealFormOptions } from "~/modules/finance/deal-options.server";
import { DealUpdateSchema } from "~/modules/finance/deals.schema";
import { updateDeal, visibleDeal } from "~/modules/finance/deals.server";
import { revealVulnerabilityNote } from "~/modules/finance/vulnerability.server";
import { errorsFor } from "~/utils/form-reply";
import { forbidden, notFound } from "~/utils/http.server";
import { isUuid } from "~/utils/ids";
import { readForm } from "~/utils/form.server";
import { uuidParam } from "~/utils/params.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.deal.reference ?? "deal"} · Laguna Admin` }];

export const access = { loader: "finance:edit", action: "finance:edit" } as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const found = isUuid(params.id) ? await visibleDeal(user, params.id) : null;
  if (!found) notFound("That deal doesn't exist.");
  if (!can(user, access.loader, found.deal.branchId)) forbidden("You can edit deals only in your own branches.");
  if (found.deal.signedAt) forbidden("A signed deal is never edited: add a dated entry on its page instead.");
  // The form holds the vulnerability note to edit it: a view like any other, so logged.
  const note = await revealVulnerabilityNote(user, found.deal, "deal_edit_form");
  return { deal: { ...found.deal, vulnerabilityNote: note.state === "shown" ? note.text : "" }, ...(await dealFormOptions(user)) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireAccess({ request, context }, access.action);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: DealUpdateSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { version, ...fields } = submission.value;
  const result = await updateDeal({ actor: user, id: uuidParam(params), version, fields });
  if (!result.ok) return data(submission.reply(errorsFor(result)), { status: result.status ?? 400 });
  return redirectWithToast(`/finance/${params.id}`, "Saved.");
}

export default function EditDealPage() {
  const { deal, branches, bikes } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>Edit {deal.reference}</h1>
      <section className="panel">
        <DealForm mode="update" key={deal.version} version={deal.version} branches={branches} bikes={bikes} lastResult={lastResult} defaultValue={dealToFormValues(deal)} cancelTo={`/finance/${deal.id}`} />
      </section>
    </>
  );
}
