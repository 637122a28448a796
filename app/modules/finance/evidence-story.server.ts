import { formatDate, formatDateTime } from "~/utils/dates";
import { formatPounds } from "~/utils/money";
import type { PackBody } from "./evidence.server";
import { ATTEMPT_OUTCOME_LABELS, CONSENT_METHOD_LABELS, ENTRY_KIND_LABELS } from "./finance-labels";

/** One line of the story: when it happened, when it was entered, who, what. */
export interface TimelineEvent {
  at: string;
  enteredAt: string | null;
  kind: "deal_created" | "disclosure" | "acknowledgment" | "consent" | "proposal" | "decision" | "withdrawal" | "review" | "confirmation" | "signed" | "entry";
  refId: string;
  by: string | null;
  description: string;
}

/** Every event of the record in the order it happened (at the same instant, the order of the story). */
export function timelineOf(pack: PackBody): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const add = (at: string, enteredAt: string | null, kind: TimelineEvent["kind"], refId: string, by: { name: string } | null, description: string) =>
    events.push({ at, enteredAt, kind, refId, by: by?.name ?? null, description });
  const { deal } = pack;
  add(deal.createdAt, deal.createdAt, "deal_created", deal.id, deal.staff, `Introduction ${deal.reference} recorded at ${deal.branch.name} for ${deal.customer.name} (${deal.productLabel}, ${deal.vehicle.description || deal.vehicle.brand}).`);
  pack.disclosures.forEach((d, n) => {
    const ties = d.tiesDisclosed.length === 1 ? "1 tie" : `${d.tiesDisclosed.length} ties`;
    const kept = d.customerDocument ? `; this deal's document kept (SHA-256 ${d.customerDocument.sha256.slice(0, 12)}…, ${d.customerDocument.hashMatches ? "re-checked, matches" : "DOES NOT MATCH"})` : "; no per-deal document kept";
    add(d.givenAt, d.recordedAt, "disclosure", d.id, d.givenBy, `Disclosure ${n + 1}, ${d.mediumLabel.toLowerCase()}: notice v${d.document.version ?? "?"}, likely commission ${d.estimatedCommissionFormatted} from ${d.lender.name} (${d.basisLabel.toLowerCase()}), ${ties} disclosed${kept}${d.customerAskedAmount ? `; the customer asked and was told ${d.amountToldToCustomer}` : ""}.`);
    const ack = d.acknowledgment;
    if (ack) add(ack.acknowledgedAt, ack.recordedAt, "acknowledgment", ack.id, ack.recordedBy, ack.method === "tablet" ? `The customer acknowledged disclosure ${n + 1} on the shop's tablet, typing "${ack.typedName}".` : `The customer signed disclosure ${n + 1} on paper; the scan is kept (SHA-256 ${ack.scan?.sha256.slice(0, 12)}…).`);
  });
  for (const c of pack.consents) add(c.givenAt, c.recordedAt, "consent", c.id, c.recordedBy, `${c.kind === "fresh" ? "Fresh consent to the confirmed commission" : "Consent to the disclosure"}: ${c.methodLabel.toLowerCase()}.`);
  for (const a of pack.attempts) {
    add(a.proposedAt, a.recordedAt, "proposal", a.id, a.recordedBy, `Proposal ${a.sequence} to ${a.lender.name}: APR ${a.aprFormatted}, ${a.termMonths} months${a.orderReason ? `; before the manufacturer lender because: ${a.orderReason}` : ""}.`);
    if (a.decidedAt) add(a.decidedAt, a.decisionRecordedAt, "decision", a.id, null, `${a.lender.name} answered proposal ${a.sequence}: ${a.outcomeLabel.toLowerCase()}${a.approvedTerms ? `, commission ${formatPounds(a.approvedTerms.commissionPence)}` : ""}.`);
    const w = a.acceptanceWithdrawn;
    if (w) add(w.at, w.recordedAt, "withdrawal", a.id, w.recordedBy, `${a.lender.name}'s acceptance withdrawn: ${w.reason}`);
  }
  for (const r of pack.reviews) add(r.at, r.at, "review", r.id, r.reviewer, `Review of the commission: ${r.commissionFormatted} ${r.decision}. ${r.note}`);
  for (const c of pack.confirmations) add(c.confirmedAt, c.recordedAt, "confirmation", c.id, c.confirmedBy, `Exact commission of ${c.amountFormatted} confirmed to the customer, ${c.mediumLabel.toLowerCase()}.`);
  if (deal.signedAt) add(deal.signedAt, deal.signingRecordedAt, "signed", deal.id, deal.signedBy, `Agreement ${deal.agreementNumber ?? ""} signed; recorded by ${deal.signedBy?.name ?? "—"}. The record is closed to edits.`);
  // An entry happens when it is made (after signing); the day it takes effect is part of what it says.
  for (const e of pack.entries) add(e.recordedAt, e.recordedAt, "entry", e.id, e.recordedBy, `${e.kindLabel}${e.amountFormatted ? ` of ${e.amountFormatted}` : ""}, effective ${formatDate(e.effectiveOn)}: ${e.reason}`);
  // A stable sort: events at one instant keep the order above (disclosure before its consent).
  return events.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
}

export interface Warning {
  kind: "order" | "four_eyes" | "review" | "hash" | "document" | "consent" | "payment" | "hold" | "entered_late";
  message: string;
}

const DAY_MS = 86_400_000;
const when = (iso: string) => formatDateTime(iso);

/** What a reviewer must look at first: steps out of order, missing or self-made reviews, broken hashes, late entries. */
export function warningsOf(pack: PackBody, timeline: TimelineEvent[]): Warning[] {
  const warnings: Warning[] = [];
  const warn = (kind: Warning["kind"], message: string) => warnings.push({ kind, message });
  const { deal, commission } = pack;
  const future = new Date(Date.parse(pack.generatedAt) + 5 * 60_000).toISOString();

  for (const e of timeline) {
    if (e.kind === "deal_created" || e.kind === "entry") continue;
    if (e.at < deal.createdAt) warn("order", `${label(e)} (${when(e.at)}) is dated before the deal was recorded (${when(deal.createdAt)}).`);
    if (e.at > future) warn("order", `${label(e)} is dated in the future (${when(e.at)}).`);
    if (e.enteredAt && Date.parse(e.enteredAt) - Date.parse(e.at) > DAY_MS) warn("entered_late", `${label(e)} was entered ${Math.floor((Date.parse(e.enteredAt) - Date.parse(e.at)) / DAY_MS)} day(s) after it happened (${when(e.at)}, entered ${when(e.enteredAt)}).`);
  }
  for (const c of pack.consents) {
    const disclosure = pack.disclosures.find((d) => d.id === c.disclosureId);
    if (disclosure && c.givenAt < disclosure.givenAt) warn("order", `Consent (${when(c.givenAt)}) is dated before the disclosure it answers (${when(disclosure.givenAt)}).`);
  }
  for (const a of pack.attempts) {
    const disclosure = pack.disclosures.filter((d) => d.lender.id === a.lender.id && d.givenAt <= a.proposedAt).at(-1);
    const consent = disclosure && pack.consents.find((c) => c.kind === "initial" && c.givenAt >= disclosure.givenAt && c.givenAt <= a.proposedAt);
    if (!disclosure) warn("order", `Proposal ${a.sequence} to ${a.lender.name} (${when(a.proposedAt)}) comes before any disclosure of that lender's commission.`);
    else if (!consent) warn("order", `Proposal ${a.sequence} to ${a.lender.name} (${when(a.proposedAt)}) comes before the customer's consent to its disclosure.`);
    if (a.decidedAt && a.decidedAt < a.proposedAt) warn("order", `${a.lender.name}'s answer (${when(a.decidedAt)}) is dated before proposal ${a.sequence} (${when(a.proposedAt)}).`);
  }
  const accepted = pack.attempts.find((a) => a.id === pack.confirmations.at(-1)?.attemptId);
  for (const c of pack.confirmations) {
    const attempt = pack.attempts.find((a) => a.id === c.attemptId);
    if (attempt?.decidedAt && c.confirmedAt < attempt.decidedAt) warn("order", `The commission confirmation (${when(c.confirmedAt)}) is dated before ${attempt.lender.name}'s acceptance (${when(attempt.decidedAt)}).`);
  }
  for (const r of pack.reviews) {
    if (accepted?.decidedAt && r.at < accepted.decidedAt) warn("order", `The review (${when(r.at)}) is dated before the acceptance whose figures it reviews (${when(accepted.decidedAt)}).`);
    const roles = [r.reviewer?.id === deal.staff.id && "the deal's member of staff", pack.disclosures.some((d) => d.givenBy?.id === r.reviewer?.id) && "gave the disclosure", r.reviewer?.id === deal.signedBy?.id && "recorded the signing"].filter(Boolean);
    if (roles.length) warn("four_eyes", `The review was made by ${r.reviewer?.name}, who took part in the deal (${roles.join(", ")}): nobody reviews their own deal.`);
  }
  if (deal.signedAt) {
    const before = (step: string, at: string | undefined) => at && at > deal.signedAt! && warn("order", `Signing (${when(deal.signedAt!)}) is dated before ${step} (${when(at)}).`);
    for (const c of pack.confirmations) before("the commission confirmation", c.confirmedAt);
    for (const c of pack.consents.filter((x) => x.kind === "fresh")) before("the fresh consent", c.givenAt);
    for (const r of pack.reviews) before("the commission review", r.at);
    const approved = pack.reviews.filter((r) => r.decision === "approved").at(-1);
    if (commission.reviewNeeded && !approved) warn("review", "The commission is over the review thresholds, and the deal was signed without an approved review.");
    if (commission.confirmedAboveEstimate && !pack.consents.some((c) => c.kind === "fresh")) warn("consent", "The confirmed commission is more than was disclosed, and there is no fresh consent.");
  } else if (commission.reviewNeeded && !pack.reviews.some((r) => r.decision === "approved")) {
    warn("review", "The commission is over the review thresholds: a review by someone outside the deal is needed before signing.");
  }
  pack.disclosures.forEach((d, n) => {
    if (!d.document.hashMatches) warn("hash", `Disclosure ${n + 1}: the notice text no longer matches the SHA-256 recorded when it was given.`);
    if (!d.customerDocument) warn("document", `Disclosure ${n + 1} has no per-deal document kept (recorded before documents were kept).`);
    else if (!d.customerDocument.hashMatches) warn("hash", `Disclosure ${n + 1}: the kept PDF no longer matches its recorded SHA-256.`);
    if (d.customerDocument && !d.acknowledgment) warn("document", `Disclosure ${n + 1}: the customer's acknowledgment of the document is not recorded.`);
    if (d.acknowledgment?.typedNameDiffers) warn("document", `Disclosure ${n + 1} was acknowledged on the tablet as "${d.acknowledgment.typedName}", not the customer's name on the deal (${deal.customer.name}).`);
  });
  if (commission.paidDiffersFromConfirmed) warn("payment", `The commission paid (${commission.paidFormatted}) differs from the commission confirmed (${commission.confirmedFormatted ?? "none"}).`);
  if (deal.legalHold) warn("hold", "The deal is on legal hold.");
  return warnings;
}

const KIND_LABELS: Record<TimelineEvent["kind"], string> = {
  deal_created: "The introduction",
  disclosure: "A disclosure",
  acknowledgment: "The customer's acknowledgment",
  consent: "A consent",
  proposal: "A proposal",
  decision: "A lender's answer",
  withdrawal: "An acceptance's withdrawal",
  review: "The commission review",
  confirmation: "The commission confirmation",
  signed: "The signing",
  entry: "An entry",
};
const label = (e: TimelineEvent) => KIND_LABELS[e.kind];

/** An audit row as a sentence a reviewer reads; the raw before/after stay in the JSON export. */
export function auditSentence(row: { actorEmail: string | null; action: string; after: unknown }) {
  const who = row.actorEmail ?? "The system";
  const after = (row.after ?? {}) as Record<string, unknown>;
  const pounds = (key: string) => (typeof after[key] === "number" ? formatPounds(after[key] as number) : "");
  const [area, verb = ""] = row.action.split(".");
  if (verb.startsWith("attempt_")) return `${who} recorded a lender's answer: ${ATTEMPT_OUTCOME_LABELS[verb.slice(8) as keyof typeof ATTEMPT_OUTCOME_LABELS]?.toLowerCase() ?? verb.slice(8)}.`;
  if (verb.startsWith("entry_")) return `${who} added a dated entry: ${ENTRY_KIND_LABELS[verb.slice(6) as keyof typeof ENTRY_KIND_LABELS] ?? verb.slice(6)}.`;
  const sentences: Record<string, string> = {
    "finance.created": `${who} recorded the introduction.`,
    "finance.updated": `${who} edited the deal's details.`,
    "finance.disclosed": `${who} recorded a disclosure: notice v${after.documentVersion ?? "?"}, likely commission ${pounds("estimatedCommissionPence")}${after.pdfSha256 ? `, document SHA-256 ${String(after.pdfSha256).slice(0, 12)}…` : ""}.`,
    "finance.disclosure_acknowledged": `${who} recorded the customer's acknowledgment ${after.method === "tablet" ? "on the tablet (the name typed is kept with the acknowledgment, not in the audit log)" : "signed on paper, with the scan"}.`,
    "finance.consented": `${who} recorded the customer's ${after.kind === "fresh" ? "fresh " : ""}consent (${CONSENT_METHOD_LABELS[after.method as keyof typeof CONSENT_METHOD_LABELS]?.toLowerCase() ?? after.method}).`,
    "finance.proposed": `${who} recorded proposal ${after.sequence ?? ""} to ${after.lender ?? "a lender"}.`,
    "finance.acceptance_withdrawn": `${who} recorded the acceptance as withdrawn: ${after.reason ?? ""}`,
    "finance.reviewed": `${who} ${after.decision ?? "reviewed"} the commission of ${pounds("commissionPence")}.`,
    "finance.commission_confirmed": `${who} recorded the exact commission, ${pounds("amountPence")}, as confirmed to the customer${after.needsFreshConsent ? " (above the disclosure: fresh consent needed)" : ""}.`,
    "finance.signed": `${who} recorded the signing.`,
    "finance.not_proceeding": `${who} marked the deal as not proceeding.`,
    "offer.applied_to_deal": `${who} applied the offer "${after.title ?? ""}".`,
  };
  return sentences[row.action] ?? `${who}: ${area} ${verb.replace(/_/g, " ")}.`;
}
