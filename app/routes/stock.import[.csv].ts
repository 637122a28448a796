import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { stockImportTemplate } from "~/modules/stock/stock-import-template.server";

/** The stock import's template: the header row and two example bikes in the user's own branches. */
export const access = { loader: "stock:edit" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  return new Response(await stockImportTemplate(user), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="laguna-stock-import-template.csv"',
      "Cache-Control": "no-store",
    },
  });
}
