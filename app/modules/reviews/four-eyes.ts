/**
 * The four-eyes rule for a file review: nobody reviews a file they took part in. Wider than the
 * commission review's rule (finance/record-order.ts reviewerProblem, whose staff, disclosure-giver and
 * signer it repeats): whoever recorded any step of the deal, or reviewed its commission, also took part.
 */
export interface DealParticipants {
  staffId: string;
  signedBy: string | null;
  /** Who gave a disclosure of it. */
  disclosedBy: string[];
  /** Who recorded a consent, proposal, answer, withdrawal, confirmation or dated entry on it. */
  recordedBy: string[];
  /** Who reviewed its commission. */
  commissionReviewers: string[];
}

/** Why `who` can't review this deal's file, or null. */
export function fileReviewerProblem(who: string, deal: DealParticipants) {
  if (who === deal.staffId) return "the deal's own member of staff can't review its file";
  if (deal.disclosedBy.includes(who)) return "whoever gave the deal's disclosure can't review its file";
  if (deal.signedBy === who) return "whoever signed the deal can't review its file";
  if (deal.commissionReviewers.includes(who)) return "whoever reviewed the deal's commission can't review its file";
  if (deal.recordedBy.includes(who)) return "whoever recorded a step of the deal can't review its file";
  return null;
}
