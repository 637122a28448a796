import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { stockImportTemplate } from "~/modules/stock/stock-import.server";

/** The stock import's template: the header row and two example bikes. */
export const access = { loader: "stock:edit" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccess({ request, context }, access.loader);
  return new Response(stockImportTemplate(), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="laguna-stock-import-template.csv"',
      "Cache-Control": "no-store",
    },
  });
}
