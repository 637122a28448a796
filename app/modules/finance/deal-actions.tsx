import { getFormProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { FieldError, FormErrors, TextField, useStaffForm } from "~/components/form";
import { formatPounds, penceToInput } from "~/utils/money";
import { formatPercent } from "./commission";
import { StepUpCode } from "~/components/step-up-code";
import type { DealPageData } from "./deal-detail.server";
import { storedFigures } from "./deal-figures";
import { FiguresInputs, figuresToValues, LiveFigures, useFormValues } from "./figures-fields";
import { CONSENT_METHOD_LABELS, DISCLOSURE_MEDIUM_LABELS, ENTRY_KIND_LABELS } from "./finance-labels";
import { SubmitButton } from "~/components/submit-button";

type ActionData = { intent: string; result: SubmissionResult<string[]> | null; conflict?: string } | undefined;
type Fields = Record<string, FieldMetadata<string>>;

function Step(props: {
  intent: string;
  title: string;
  version: number;
  actionData: ActionData;
  open?: boolean;
  defaultValue?: Record<string, string>;
  submit: string;
  children: (fields: Fields) => ReactNode;
}) {
  const lastResult = props.actionData?.intent === props.intent ? (props.actionData.result ?? undefined) : undefined;
  const [form, fields] = useStaffForm<Record<string, string>>({ id: props.intent, lastResult, defaultValue: props.defaultValue });
  return (
    <details className="panel action-panel" open={props.open || Boolean(lastResult)}>
      <summary>{props.title}</summary>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value={props.intent} />
        <input type="hidden" name="version" value={props.version} />
        {props.children(fields as Fields)}
        <StepUpCode formId={form.id} errors={lastResult?.error?.oneTimeCode} />
        <SubmitButton className="button primary">
          {props.submit}
        </SubmitButton>
      </Form>
    </details>
  );
}

function Select(props: { field: FieldMetadata<string>; label: string; options: [string, string][]; placeholder?: string }) {
  const { field } = props;
  return (
    <div className="field">
      <label htmlFor={field.id}>{props.label}</label>
      <select id={field.id} name={field.name} defaultValue={field.initialValue ?? ""} key={field.key} aria-describedby={field.errorId}>
        {props.placeholder ? <option value="">{props.placeholder}</option> : null}
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <FieldError id={field.errorId} errors={field.errors} />
    </div>
  );
}

/** When a step happened: empty means now, to the second, as the form is sent; a step done on paper may be back-dated. */
function WhenField({ field, label = "When" }: { field: FieldMetadata<string>; label?: string }) {
  return <TextField label={label} field={field} hint="UK time, to the second. Leave empty for now." inputProps={{ type: "datetime-local", step: 1 }} />;
}

/** The high-commission warning: from the disclosed estimate on, not only once a lender accepts. */
function HighCommissionWarning({ detail }: { detail: DealPageData }) {
  const { position, estimate } = detail;
  if (position ? !position.reviewNeeded : !estimate?.reviewNeeded) return null;
  const ratios = position?.ratios ?? estimate!.ratios;
  return (
    <p className="badge warn" role="note">
      High commission{position ? "" : " (disclosed estimate)"}: {formatPercent(ratios.ofChargeForCredit)} of the charge for credit, {formatPercent(ratios.ofCredit)} of the credit. An admin other than
      the deal&apos;s staff, discloser and signer must review it before signing.
    </p>
  );
}

/** A lender's answer; an acceptance carries its approved figures (a counter-offer, different ones), checked live. */
function DecideStep(props: { version: number; actionData: ActionData; lenderName: string; attemptId: string; defaultValue: Record<string, string> }) {
  const lastResult = props.actionData?.intent === "decide" ? (props.actionData.result ?? undefined) : undefined;
  const initial = { ...props.defaultValue, ...(lastResult?.initialValue as Record<string, string> | undefined) };
  const [form, fields] = useStaffForm<Record<string, string>>({ id: "decide", lastResult, defaultValue: props.defaultValue });
  const live = useFormValues(initial);
  const field = (name: string) => fields[name] as FieldMetadata<string>;
  const withTerms = live.values.outcome === "accepted" || live.values.outcome === "countered";
  return (
    <details className="panel action-panel" open>
      <summary>Record {props.lenderName}&apos;s answer</summary>
      <Form method="post" {...getFormProps(form)} onChange={live.onChange}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="version" value={props.version} />
        <input type="hidden" name="attemptId" value={props.attemptId} />
        <Select field={field("outcome")} label="Answer" options={[["accepted", "Accepted as proposed"], ["countered", "Accepted on different terms"], ["declined", "Declined"], ["referred", "Referred"], ["withdrawn", "Withdrawn"]]} placeholder="Choose" />
        <div hidden={!withTerms}>
          <p className="hint">The lender&apos;s approved figures: as proposed, or change them for a counter-offer (a higher rate, a smaller advance).</p>
          <TextField label="Lender's commission (£)" field={field("commissionPence")} inputProps={{ inputMode: "decimal" }} />
          <div className="form-grid">
            <FiguresInputs field={field} />
          </div>
          <LiveFigures values={live.values} />
        </div>
        <SubmitButton className="button primary">
          Record answer
        </SubmitButton>
      </Form>
    </details>
  );
}

/** The next steps of the deal, in the order the rules require; the server refuses any out of turn. */
export function DealSteps({ detail, actionData }: { detail: DealPageData; actionData: ActionData }) {
  const { deal, position } = detail;
  const v = deal.version;
  const lenders = detail.lenders.map((l) => [l.id, `${l.name}${l.id === detail.captiveLender?.id ? " (manufacturer lender)" : ""}`] as [string, string]);
  const pending = detail.attempts.find((a) => a.outcome === "pending");
  const steps: ReactNode[] = [];
  const conflict = actionData?.conflict ? (
    <div className="form-errors" role="alert" key="conflict">
      <p>{actionData.conflict}</p>
    </div>
  ) : null;

  const warning = deal.signedAt ? null : <HighCommissionWarning key="warning" detail={detail} />;
  if (deal.signedAt) {
    if (detail.allowed.entries || detail.allowed.hold) {
      const kinds = Object.entries(ENTRY_KIND_LABELS).filter(([kind]) => (kind.startsWith("legal_hold") ? detail.allowed.hold : detail.allowed.entries));
      steps.push(
        <Step key={`entry-${detail.entries.length}`} intent="entry" title="Add a dated entry" version={v} actionData={actionData} submit="Add entry" defaultValue={{ effectiveOn: detail.today }}>
          {(f) => (
            <>
              <Select field={f.kind!} label="Kind" options={kinds} placeholder="Choose" />
              <TextField label="Effective date" type="date" field={f.effectiveOn!} />
              <TextField label="Amount (£)" field={f.amountPence!} hint="For commission paid, clawback and settlement." />
              <TextField label="Reason" field={f.reason!} />
            </>
          )}
        </Step>,
      );
    }
    return <div className="action-stack">{[conflict, ...steps]}</div>;
  }
  if (!detail.allowed.edit || deal.status === "not_proceeding") {
    return <div className="action-stack">{[warning, conflict ?? <p key="view" className="empty">You can view this deal; its steps are recorded by finance staff of its branch.</p>]}</div>;
  }

  steps.push(
    <Step key={`disclose-${v}`} intent="disclose" title="1. Give the disclosure" open={detail.disclosures.length === 0} version={v} actionData={actionData} submit="Record disclosure" defaultValue={{ lenderId: detail.suggestedLenderId ?? "", medium: "paper" }}>
      {(f) => (
        <>
          <p className="hint">Our status as a credit broker (not a lender, not independent), our ties to lenders, and the likely commission from the lender&apos;s schedule are recorded with the document version shown.</p>
          <Select field={f.lenderId!} label="Lender" options={lenders} placeholder="Choose a lender" />
          <Select field={f.medium!} label="Given on" options={Object.entries(DISCLOSURE_MEDIUM_LABELS)} />
          <div className="field">
            <label className="checkbox">
              <input type="checkbox" name="customerAskedAmount" value="on" /> The customer asked how much commission
            </label>
          </div>
          <TextField label="What they were told" field={f.amountToldToCustomer!} hint="Left blank, the amount from the schedule is recorded." />
          <WhenField field={f.givenAt!} />
        </>
      )}
    </Step>,
    <Step key={`consent-${v}`} intent="consent" title="2. Record consent" version={v} actionData={actionData} submit="Record consent" defaultValue={{ kind: position?.confirmedPence && position.disclosedPence !== null && position.confirmedPence > position.disclosedPence ? "fresh" : "initial" }}>
      {(f) => (
        <>
          <Select field={f.kind!} label="Consent to" options={[["initial", "The disclosure (before proposing)"], ["fresh", "A confirmed commission higher than disclosed"]]} />
          <Select field={f.method!} label="How" options={Object.entries(CONSENT_METHOD_LABELS)} placeholder="Choose" />
          <WhenField field={f.givenAt!} />
        </>
      )}
    </Step>,
  );
  if (pending) {
    const quote = pending.quote as { commissionPence?: number };
    steps.push(
      <DecideStep key={`decide-${v}`} version={v} actionData={actionData} lenderName={pending.lenderName} attemptId={pending.id} defaultValue={{ ...figuresToValues(storedFigures(pending.quote)), commissionPence: penceToInput(quote.commissionPence ?? 0) }} />,
    );
  } else if (!position) {
    steps.push(
      <Step key={`propose-${v}`} intent="propose" title="3. Propose to a lender" version={v} actionData={actionData} submit="Record proposal" defaultValue={{ lenderId: detail.suggestedLenderId ?? "" }}>
        {(f) => (
          <>
            <Select field={f.lenderId!} label="Lender" options={lenders} placeholder="Choose a lender" />
            <TextField label="Why not the manufacturer lender first (if so)" field={f.orderReason!} />
          </>
        )}
      </Step>,
    );
  }
  if (position) {
    steps.push(
      <Step key={`withdraw-${v}`} intent="withdraw-acceptance" title={`Acceptance withdrawn (${position.lenderName})`} version={v} actionData={actionData} submit="Record withdrawal">
        {(f) => (
          <>
            <p className="hint">When the customer or the lender lets this acceptance go. It stays on the record; you may then propose again.</p>
            <TextField label="Reason" field={f.reason!} />
            <WhenField field={f.withdrawnAt!} />
          </>
        )}
      </Step>,
    );
    if (position.reviewNeeded && detail.allowed.review && detail.reviewBarred) {
      steps.push(
        <p key="review-barred" className="hint">
          Four eyes: {detail.reviewBarred}. Another admin must review it.
        </p>,
      );
    } else if (position.reviewNeeded && detail.allowed.review) {
      steps.push(
        <Step key={`review-${v}`} intent="review" title="Admin review of the commission" open version={v} actionData={actionData} submit="Record review">
          {(f) => (
            <>
              <p className="hint">
                You approve these figures: {position.lenderName}&apos;s commission of {formatPounds(position.commissionPence)} is {formatPercent(position.ratios.ofChargeForCredit)} of the charge for credit and{" "}
                {formatPercent(position.ratios.ofCredit)} of the credit. A later change of them needs a new review.
              </p>
              <Select field={f.decision!} label="Decision" options={[["approved", "Approve"], ["rejected", "Reject"]]} placeholder="Choose" />
              <TextField label="What you checked" field={f.note!} />
              <WhenField field={f.reviewedAt!} />
            </>
          )}
        </Step>,
      );
    }
    steps.push(
      <Step key={`confirm-${v}`} intent="confirm" title="4. Confirm the exact commission" version={v} actionData={actionData} submit="Record confirmation" defaultValue={{ amountPence: penceToInput(position.commissionPence), medium: "paper" }}>
        {(f) => (
          <>
            <TextField label="Exact commission (£)" field={f.amountPence!} />
            <Select field={f.medium!} label="Confirmed on" options={Object.entries(DISCLOSURE_MEDIUM_LABELS)} />
            <WhenField field={f.confirmedAt!} />
          </>
        )}
      </Step>,
      <Step key={`sign-${v}`} intent="sign" title="5. Sign" open={!detail.signingProblem} version={v} actionData={actionData} submit="Record signature">
        {(f) => (
          <>
            {/* After a refused signature the refusal above the form says it: not twice. */}
            {detail.signingProblem && actionData?.intent !== "sign" ? <p className="hint">Not yet: {detail.signingProblem}</p> : null}
            <TextField label="Agreement number" field={f.agreementNumber!} />
            <WhenField label="Signed at" field={f.signedAt!} />
          </>
        )}
      </Step>,
    );
  }
  steps.push(
    <Step key={`np-${v}`} intent="not-proceeding" title="Not proceeding" version={v} actionData={actionData} submit="Mark as not proceeding">
      {(f) => <TextField label="Reason" field={f.reason!} />}
    </Step>,
  );
  return <div className="action-stack">{[warning, conflict, ...steps]}</div>;
}
