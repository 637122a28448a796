import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { ConfirmButton } from "~/components/confirm-button";
import { ErrorPage } from "~/components/error-page";
import { requireAccess, requireIntent } from "~/modules/auth/guards.server";
import { stepUpProblem } from "~/modules/auth/step-up.server";
import { StepUpCode } from "~/components/step-up-code";
import type { RouteAccess } from "~/modules/auth/route-access";
import { OfferCard } from "~/modules/offers/offer-card";
import { OfferForm, offerFormValues } from "~/modules/offers/offer-form";
import { OFFER_KIND_LABELS, OFFER_STATUS_LABELS } from "~/modules/offers/offer-rules";
import { OfferFieldsSchema, OfferStepSchema, VersionSchema } from "~/modules/offers/offers.schema";
import { editableKinds, getOffer, offerFormOptions, publishOffer, reviseOffer, updateDraft, withdrawOffer } from "~/modules/offers/offers.server";
import { approveOffer, offerApprovalStanding } from "~/modules/approvals/approvals.server";
import { OfferApprovalPanel } from "~/modules/approvals/offer-approval-panel";
import { can } from "~/modules/auth/permissions";
import { formatDate, formatDateTime } from "~/utils/dates";
import { errorsFor } from "~/utils/form-reply";
import { notFound } from "~/utils/http.server";
import { uuidParam } from "~/utils/params.server";
import type { Result } from "~/utils/result.server";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { SubmitButton } from "~/components/submit-button";
import { submissionOf } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.offer.title ?? "Offer"} · Laguna Admin` }];

// Which offers a user may change also depends on the offer's kind and branches: the domain checks that.
export const access = {
  loader: "offers:view",
  intents: { update: "offers:edit-dealer", publish: "offers:edit-dealer", withdraw: "offers:edit-dealer", revise: "offers:edit-dealer", approve: "promotions:approve" },
} as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const detail = await getOffer(params.id ?? "", user);
  if (!detail) notFound("That offer doesn't exist, or isn't one of your branches' offers. Find it in the offer list.");
  const { offer } = detail;
  // The domain decides again on every change; this only hides buttons the user can't use.
  const canEdit = editableKinds(user).includes(offer.kind) && (user.role === "admin" || (offer.kind === "dealer" && offer.branchIds.every((id) => user.branchIds.includes(id))));
  const [options, approval] = await Promise.all([canEdit && offer.state === "draft" ? offerFormOptions(user) : null, offerApprovalStanding(offer)]);
  const canApprove = can(user, "promotions:approve") && (offer.state === "draft" || offer.state === "published");
  return { ...detail, canEdit, options, approval, canApprove };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor, intent, formData } = await requireIntent({ request, context }, access.intents, readForm);
  const id = uuidParam(params);
  if (intent === "update") {
    const submission = parseWithZod(formData, { schema: OfferFieldsSchema });
    const version = VersionSchema.safeParse(Object.fromEntries(formData));
    if (submission.status !== "success" || !version.success) return data({ intent, result: submission.reply(), message: undefined }, { status: 400 });
    const result = await updateDraft({ actor, id, version: version.data.version, fields: submission.value });
    if (!result.ok) return data({ intent, result: submission.reply(errorsFor(result)), message: result.status === 409 ? result.message : undefined }, { status: result.status ?? 400 });
    return redirectWithToast(`/offers/${id}`, `Saved "${submission.value.title}".`);
  }
  const step = OfferStepSchema.safeParse(Object.fromEntries(formData));
  if (!step.success) return data({ intent, result: undefined, message: "That action isn't available here. Reload the page and try again." }, { status: 400 });
  // Publishing and approving a promotion need a fresh code (the form grows a code field).
  const stepUp =
    step.data.intent === "publish" || step.data.intent === "approve"
      ? await stepUpProblem({ request, context }, formData, step.data.intent === "publish" ? "publish an offer" : "approve a promotion")
      : null;
  if (stepUp) return data({ intent, result: undefined, message: undefined, stepUp }, { status: 401 });
  let result: Result<{ id?: string }>;
  let done: string;
  switch (step.data.intent) {
    case "publish":
      result = await publishOffer({ actor, id, version: step.data.version });
      done = "Published. It shows on the public offers page from its first day.";
      break;
    case "withdraw":
      result = await withdrawOffer({ actor, id, version: step.data.version });
      done = "Withdrawn. It no longer shows on the public offers page.";
      break;
    case "revise":
      result = await reviseOffer({ actor, id, once: submissionOf(actor, formData) });
      done = "Made a new draft revision. The published offer stays live until you publish this one.";
      break;
    case "approve": {
      const approved = await approveOffer({ actor, id, version: step.data.version });
      result = approved;
      done = approved.ok ? `Approved this revision as it stands. The approval lapses on ${formatDate(`${approved.lapsesOn}T12:00:00Z`)}.` : "";
      break;
    }
  }
  if (!result.ok) return data({ intent, result: undefined, message: result.message }, { status: result.status ?? 400 });
  return redirectWithToast(`/offers/${result.id ?? id}`, done);
}

// After a conflict (someone else changed the offer first) reload, so the page shows what is true now.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => actionStatus === 409 || defaultShouldRevalidate;

const day = (isoDate: string) => formatDate(`${isoDate}T12:00:00Z`);

export default function OfferPage() {
  const { offer, status, revisions, modelNames, branchNames, canEdit, options, approval, canApprove } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const draftRevision = revisions.find((revision) => revision.state === "draft" && revision.id !== offer.id);
  return (
    <>
      <p>
        <Link to="/offers">← Offers</Link>
      </p>
      <div className="page-header">
        <h1>{offer.title}</h1>
        <span className={status === "live" ? "badge ok" : status === "withdrawn" ? "badge danger" : "badge"}>{OFFER_STATUS_LABELS[status]}</span>
      </div>
      {actionData?.message ? (
        <div className="form-errors" role="alert">
          <p>{actionData.message}</p>
        </div>
      ) : null}
      <div className="two-columns">
        <section className="panel" aria-labelledby="facts-title">
          <h2 id="facts-title">Details</h2>
          <dl className="facts">
            <dt>Kind</dt>
            <dd>{OFFER_KIND_LABELS[offer.kind]}</dd>
            <dt>Revision</dt>
            <dd>{offer.revision}</dd>
            <dt>Brand and models</dt>
            <dd>{modelNames.length ? `${offer.brand}: ${modelNames.join(", ")}` : `Every ${offer.brand} model`}</dd>
            <dt>Branches</dt>
            <dd>{branchNames.join(", ")}</dd>
            <dt>Valid</dt>
            <dd>
              {day(offer.validFrom)} to {day(offer.validTo)} (UK time)
            </dd>
            {offer.publishedAt ? (
              <>
                <dt>Published</dt>
                <dd>{formatDateTime(offer.publishedAt)}</dd>
              </>
            ) : null}
            {offer.withdrawnAt ? (
              <>
                <dt>Withdrawn</dt>
                <dd>{formatDateTime(offer.withdrawnAt)}</dd>
              </>
            ) : null}
          </dl>
          {canEdit ? (
            <Actions state={offer.state} version={offer.version} title={offer.title} draftId={draftRevision?.id} stepUp={actionData?.intent === "publish" && "stepUp" in actionData ? actionData.stepUp : undefined} />
          ) : null}
        </section>
        <section className="panel" aria-labelledby="preview-title">
          <h2 id="preview-title">Preview of the public card</h2>
          <OfferCard offer={offer} modelNames={modelNames} />
        </section>
      </div>

      <OfferApprovalPanel
        standing={approval}
        offer={offer}
        canApprove={canApprove}
        stepUp={actionData?.intent === "approve" && "stepUp" in actionData ? actionData.stepUp : undefined}
      />

      <h2 id="revisions-title">Revisions</h2>
      <p className="hint">A published offer's terms are frozen: a change is a new revision, and every earlier one stays readable here.</p>
      <ol className="revisions" aria-labelledby="revisions-title">
        {revisions.map((revision) => (
          <li key={revision.id}>
            {revision.id === offer.id ? <strong>Revision {revision.revision} (this page)</strong> : <Link to={`/offers/${revision.id}`}>Revision {revision.revision}</Link>}
            {` · ${OFFER_STATUS_LABELS[revision.status]} · ${day(revision.validFrom)} to ${day(revision.validTo)}`}
            {revision.publishedAt ? ` · published ${formatDateTime(revision.publishedAt)}` : ""}
          </li>
        ))}
      </ol>

      {options && offer.state === "draft" ? (
        <section className="panel" aria-labelledby="edit-title">
          <h2 id="edit-title">Edit draft</h2>
          <OfferForm
            key={offer.version}
            mode="update"
            version={offer.version}
            kinds={options.kinds}
            branches={options.branches}
            models={options.models}
            lastResult={actionData?.intent === "update" ? actionData.result : undefined}
            defaultValue={offerFormValues(offer)}
            cancelTo={`/offers/${offer.id}`}
          />
        </section>
      ) : null}
    </>
  );
}

function Actions(props: { state: string; version: number; title: string; draftId?: string; stepUp?: string }) {
  return (
    <div className="form-actions">
      {props.state === "draft" ? (
        <Form method="post">
          <input type="hidden" name="version" value={props.version} />
          <StepUpCode formId="publish" errors={props.stepUp ? [props.stepUp] : undefined} />
          <ConfirmButton label="Publish" title={`Publish "${props.title}"?`} name="intent" value="publish" danger={false}>
            <p>Its terms are then frozen, and it shows on the public offers page from its first day until its last.</p>
          </ConfirmButton>
        </Form>
      ) : null}
      {props.state === "published" ? (
        <>
          {props.draftId ? (
            <Link className="button" to={`/offers/${props.draftId}`}>
              Open the draft revision
            </Link>
          ) : (
            <Form method="post">
              <SubmitButton className="button" name="intent" value="revise">
                Revise (new draft)
              </SubmitButton>
            </Form>
          )}
          <Form method="post">
            <input type="hidden" name="version" value={props.version} />
            <ConfirmButton label="Withdraw" title={`Withdraw "${props.title}"?`} name="intent" value="withdraw">
              <p>It comes off the public offers page at once. A withdrawn offer can't be published again.</p>
            </ConfirmButton>
          </Form>
        </>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage inShell />;
}
