import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { DEAL_STATUS_LABELS, PRODUCT_LABELS } from "~/modules/finance/finance-labels";
import { FLAG_BADGES, vehicleLabel } from "~/modules/finance/finance-list.labels";
import { dealCsvRows, FINANCE_CSV_LIMIT, parseFinanceQuery } from "~/modules/finance/finance-list.server";
import { csvResponse, toCsv } from "~/utils/csv.server";
import { londonToday, toLondonLocal } from "~/utils/dates";
import { penceToInput } from "~/utils/money";

const HEADER = [
  "reference",
  "created_london",
  "branch",
  "staff",
  "customer",
  "agreement_number",
  "vehicle",
  "product",
  "lender",
  "status",
  "commission_gbp",
  "commission_basis",
  "paid_gbp",
  "flags",
];

/** Exactly the rows the table shows under the same filters and sort, every page of them. */
export const access = { loader: "finance:view" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const { rows, truncated } = await dealCsvRows(user, parseFinanceQuery(new URL(request.url).searchParams));

  const body = toCsv([
    HEADER,
    ...rows.map((row) => {
      const commission = row.confirmedPence ?? row.estimatedPence;
      return [
        row.reference,
        // "2026-03-01 14:05", London wall-clock time, which a spreadsheet reads as a date and time.
        toLondonLocal(row.createdAt).replace("T", " "),
        row.branchName,
        row.staffName,
        row.customerName,
        row.agreementNumber,
        vehicleLabel(row),
        PRODUCT_LABELS[row.product],
        row.lenderName,
        DEAL_STATUS_LABELS[row.status],
        penceToInput(commission),
        row.confirmedPence !== null ? "confirmed" : row.estimatedPence !== null ? "estimated" : "",
        penceToInput(row.paidPence),
        FLAG_BADGES.filter((badge) => row.flags[badge.key])
          .map((badge) => badge.text)
          .join("; "),
      ];
    }),
  ]);

  return csvResponse(body, { filename: `laguna-finance-${londonToday()}.csv`, rowCount: rows.length, truncatedAt: truncated ? FINANCE_CSV_LIMIT : undefined });
}
