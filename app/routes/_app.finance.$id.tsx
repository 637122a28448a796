import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { requireAccess, requireIntent } from "~/modules/auth/guards.server";
import { STEP_UP_FIELD, stepUpProblem } from "~/modules/auth/step-up.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { can } from "~/modules/auth/permissions";
import { AppliedOffersPanel } from "~/modules/offers/applied-offers-panel";
import { appliedOffers, applyOfferToDeal, offerChoices, removeOfferFromDeal } from "~/modules/offers/offer-attach.server";
import { DealSteps } from "~/modules/finance/deal-actions";
import { getDealDetail } from "~/modules/finance/deal-detail.server";
import { addDealEntry } from "~/modules/finance/deal-entries.server";
import { confirmCommission, proposeToLender, recordConsent, recordDisclosure, reviewCommission, signDeal } from "~/modules/finance/deal-steps.server";
import { decideAttempt, withdrawAcceptance } from "~/modules/finance/lender-answers.server";
import { DealView } from "~/modules/finance/deal-view";
import { figuresOf, markNotProceeding } from "~/modules/finance/deals.server";
import { acceptsWithTerms, ConfirmSchema, ConsentSchema, DecideSchema, DecideWithTermsSchema, DisclosureSchema, EntrySchema, NotProceedingSchema, ProposeSchema, ReviewSchema, SignSchema, WithdrawAcceptanceSchema } from "~/modules/finance/deals.schema";
import { DEAL_STATUS_LABELS } from "~/modules/finance/finance-labels";
import { fromLondonLocal, londonToday } from "~/utils/dates";
import { refusalOf } from "~/utils/form-reply";
import { notFound } from "~/utils/http.server";
import { uuidParam } from "~/utils/params.server";
import type { Result } from "~/utils/result.server";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { submissionOf } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.deal.reference ?? "Deal"} · Laguna Admin` }];

// Managers only view deals; every step is checked again, against the deal's branch, in the domain.
export const access = {
  loader: "finance:view",
  intents: {
    disclose: "finance:edit",
    consent: "finance:edit",
    propose: "finance:edit",
    decide: "finance:edit",
    confirm: "finance:edit",
    sign: "finance:edit",
    entry: "finance:edit",
    "not-proceeding": "finance:edit",
    "withdraw-acceptance": "finance:edit",
    "apply-offer": "finance:edit",
    "remove-offer": "finance:edit",
    review: "finance:review",
  },
} as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  // The vulnerability note is shown (and the view logged) only when asked for: "Show the note" adds ?note=show.
  const showNote = new URL(request.url).searchParams.get("note") === "show";
  const detail = await getDealDetail(user, params.id ?? "", showNote ? "deal_page" : null);
  if (!detail) notFound("That deal doesn't exist, or isn't in your branches.");
  const { deal } = detail;
  const applied = await appliedOffers({ dealId: deal.id });
  const offers = {
    applied,
    choices: deal.signedAt ? [] : await offerChoices({ brand: deal.vehicleBrand, modelId: deal.vehicleModelId, branchId: deal.branchId }, applied),
  };
  return { ...detail, offers, today: londonToday(), canComplain: can(user, "complaints:edit", deal.branchId) };
}

const SCHEMAS = {
  disclose: DisclosureSchema,
  consent: ConsentSchema,
  propose: ProposeSchema,
  decide: DecideSchema,
  review: ReviewSchema,
  confirm: ConfirmSchema,
  sign: SignSchema,
  entry: EntrySchema,
  "not-proceeding": NotProceedingSchema,
  "withdraw-acceptance": WithdrawAcceptanceSchema,
};

/** A "When" field: the London time typed (to the second), or now when left empty. */
const whenOf = (local: string | undefined) => (local ? fromLondonLocal(local) : undefined);
const STEP_UP = { sign: "record the signature", review: "record a commission review" } as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor, intent, formData } = await requireIntent({ request, context }, access.intents, readForm);
  if (intent === "apply-offer") {
    const result = await applyOfferToDeal({ actor, dealId: uuidParam(params), offerId: String(formData.get("offerId") ?? ""), once: submissionOf(actor, formData) });
    if (!result.ok) return data({ intent: "apply-offer", result: null, offerError: result.message }, { status: result.status ?? 400 });
    return redirectWithToast(`/finance/${params.id}`, "Offer applied to the deal.");
  }
  if (intent === "remove-offer") {
    const result = await removeOfferFromDeal({
      actor,
      dealId: uuidParam(params),
      offerId: String(formData.get("offerId") ?? ""),
      version: Number(formData.get("version")),
      once: submissionOf(actor, formData),
    });
    if (!result.ok) return data({ intent: "remove-offer", result: null, offerError: result.message }, { status: result.status ?? 400 });
    return redirectWithToast(`/finance/${params.id}`, "Offer removed from the deal.");
  }
  // An acceptance (or counter-offer) carries the lender's terms: its own schema.
  const schema = intent === "decide" && acceptsWithTerms(formData.get("outcome")) ? DecideWithTermsSchema : SCHEMAS[intent];
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return data({ intent, result: submission.reply({ hideFields: [STEP_UP_FIELD] }) }, { status: 400 });
  // Signing and the high-commission review need a fresh code: the form comes back with its values and a code field.
  const stepUp = intent in STEP_UP ? await stepUpProblem({ request, context }, formData, STEP_UP[intent as keyof typeof STEP_UP]) : null;
  if (stepUp) return data({ intent, result: submission.reply({ fieldErrors: { [STEP_UP_FIELD]: [stepUp] }, hideFields: [STEP_UP_FIELD] }) }, { status: 401 });
  const id = uuidParam(params);
  const v = submission.value;
  const once = submissionOf(actor, formData);
  let result: Result;
  let done = "Saved.";
  switch (v.intent) {
    case "disclose":
      result = await recordDisclosure({ actor, id, ...v, givenAt: whenOf(v.givenAt), once });
      done = "Disclosure recorded. Next: the customer's consent.";
      break;
    case "consent":
      result = await recordConsent({ actor, id, ...v, givenAt: whenOf(v.givenAt), once });
      done = "Consent recorded.";
      break;
    case "propose":
      result = await proposeToLender({ actor, id, ...v, once });
      done = "Proposal recorded. Record the lender's answer when it comes.";
      break;
    case "decide":
      result = await decideAttempt({ actor, id, ...v, approved: "commissionPence" in v ? { ...figuresOf(v), commissionPence: v.commissionPence } : undefined, once });
      done = `Lender's answer recorded: ${v.outcome === "countered" ? "accepted on different terms" : v.outcome}.`;
      break;
    case "withdraw-acceptance":
      result = await withdrawAcceptance({ actor, id, ...v, withdrawnAt: whenOf(v.withdrawnAt), once });
      done = "Acceptance recorded as withdrawn. You may propose again.";
      break;
    case "review":
      result = await reviewCommission({ actor, id, ...v, reviewedAt: whenOf(v.reviewedAt), once });
      done = `Commission ${v.decision}.`;
      break;
    case "confirm": {
      const confirmed = await confirmCommission({ actor, id, ...v, confirmedAt: whenOf(v.confirmedAt), once });
      result = confirmed;
      done = confirmed.ok && confirmed.needsFreshConsent ? "Commission confirmed. It is more than was disclosed: record fresh consent before signing." : "Commission confirmed.";
      break;
    }
    case "sign":
      result = await signDeal({ actor, id, ...v, signedAt: whenOf(v.signedAt), once });
      done = `Signed: agreement ${v.agreementNumber}. The record is now closed to edits.`;
      break;
    case "entry":
      result = await addDealEntry({ actor, id, ...v, once });
      done = "Entry added.";
      break;
    case "not-proceeding":
      result = await markNotProceeding({ actor, id, ...v, once });
      done = "Marked as not proceeding.";
      break;
  }
  if (!result.ok) {
    return data({ intent, ...refusalOf(submission, result) }, { status: result.status ?? 400 });
  }
  return redirectWithToast(`/finance/${id}`, done);
}

export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => actionStatus === 409 || defaultShouldRevalidate;

export default function DealPage() {
  const detail = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { deal } = detail;
  return (
    <>
      <p>
        <Link to="/finance">← Finance</Link>
      </p>
      <div className="page-header">
        <h1>
          {deal.reference} · {deal.customerName}
        </h1>
        <div className="form-actions">
          <span className="badge">{DEAL_STATUS_LABELS[deal.status]}</span>
          {detail.legalHold ? <span className="badge danger">Legal hold</span> : null}
          {deal.vulnerable ? <span className="badge warn">Vulnerable customer</span> : null}
          <Link className="button" to={`/finance/${deal.id}/evidence`}>
            Evidence pack
          </Link>
          {detail.canComplain ? (
            <Link className="button" to={`/complaints/new?${new URLSearchParams({ deal: deal.reference })}`}>
              Record a complaint
            </Link>
          ) : null}
          {detail.allowed.edit ? (
            <Link className="button" to={`/finance/${deal.id}/edit`}>
              Edit
            </Link>
          ) : null}
        </div>
      </div>
      <p className="muted">
        {detail.branchName} · recorded by {detail.staffName} · {deal.channel === "distance" ? "at a distance" : "in store"}
      </p>
      <div className="two-columns">
        <div>
          <DealView detail={detail} />
          <AppliedOffersPanel data={detail.offers} canApply={detail.allowed.edit && !deal.signedAt} version={{ name: "version", value: deal.version }} error={actionData && "offerError" in actionData ? actionData.offerError : undefined} />
        </div>
        <DealSteps detail={detail} actionData={actionData} />
      </div>
    </>
  );
}
