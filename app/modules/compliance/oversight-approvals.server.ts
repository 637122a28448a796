import { APPROVAL_KINDS, type ApprovalKind } from "@db/schema/approvals";
import { KIND_LABELS } from "~/modules/approvals/approval-labels";
import { countApprovals } from "~/modules/approvals/approvals.server";
import { endOfLondonDay, startOfLondonDay } from "~/utils/dates";
import type { ExportPeriod } from "./export-period";
import { PROMOTIONS_SECTION } from "./oversight-figures";
import type { SectionRow } from "./oversight-sections.server";

/** Approvals given in the period, in total and by kind (offer, disclosure document, lender tie); every kind listed, zero or not. */
export async function promotionRows(period: ExportPeriod): Promise<SectionRow[]> {
  const counts = await countApprovals({ from: startOfLondonDay(period.from), to: endOfLondonDay(period.to) });
  const total = APPROVAL_KINDS.reduce((sum, kind) => sum + counts[kind], 0);
  const byKind = [...APPROVAL_KINDS]
    .map((kind: ApprovalKind) => ({ dimension: "kind", key: kind, label: KIND_LABELS[kind], values: { approvals: counts[kind] } }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return [{ dimension: "all", key: "all", label: PROMOTIONS_SECTION.dimensions.all!, values: { approvals: total } }, ...byKind];
}
