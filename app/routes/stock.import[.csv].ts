import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/guards.server";
import { stockImportTemplate } from "~/modules/stock/stock-import.server";

/** The stock import's template: the header row and two example bikes. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "stock:edit");
  return new Response(stockImportTemplate(), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="laguna-stock-import-template.csv"',
      "Cache-Control": "no-store",
    },
  });
}
