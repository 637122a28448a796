import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { OfferForm } from "~/modules/offers/offer-form";
import { OfferFieldsSchema } from "~/modules/offers/offers.schema";
import { createOffer, offerFormOptions } from "~/modules/offers/offers.server";
import { londonToday } from "~/utils/dates";
import { errorsFor } from "~/utils/form-reply";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { submissionOf } from "~/utils/submission.server";

export const meta: MetaFunction = () => [{ title: "New offer · Laguna Admin" }];

export const access = { loader: "offers:edit-dealer", action: "offers:edit-dealer" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Admins and managers; which kinds and branches each may use is decided by the domain on save.
  const user = await requireAccess({ request, context }, access.loader);
  return { ...(await offerFormOptions(user)), today: londonToday() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Dealer offers at least; manufacturer offers and the branches depend on the fields, so createOffer checks those.
  const user = await requireAccess({ request, context }, access.action);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: OfferFieldsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createOffer({ actor: user, fields: submission.value, once: submissionOf(user, formData) });
  if (!result.ok) return data(submission.reply(errorsFor(result)), { status: result.status ?? 400 });
  return redirectWithToast(`/offers/${result.id}`, `Saved "${submission.value.title}" as a draft.`);
}

export default function NewOfferPage() {
  const { branches, models, kinds, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>New offer</h1>
      <p className="hint">An offer starts as a draft: check the preview of its public card, then publish it.</p>
      <section className="panel">
        <OfferForm
          mode="create"
          kinds={kinds}
          branches={branches}
          models={models}
          lastResult={lastResult}
          defaultValue={{ kind: kinds.length === 1 ? kinds[0] : undefined, validFrom: today, branchIds: branches.length === 1 ? [branches[0]!.id] : [], modelScope: "all" }}
          cancelTo="/offers"
        />
      </section>
    </>
  );
}
