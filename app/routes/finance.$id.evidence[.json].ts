import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { buildEvidencePack } from "~/modules/finance/evidence.server";
import { notFound } from "~/utils/http.server";

/**
 * The evidence pack as a JSON download, described by app/modules/finance/evidence-pack.schema.json.
 * An export is a read: no audit row.
 */
export const access = { loader: "finance:view" } as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const pack = await buildEvidencePack(user, params.id ?? "", "evidence_json");
  if (!pack) notFound("That deal doesn't exist, or isn't in your branches.");
  return new Response(JSON.stringify(pack, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${pack.deal.reference}-evidence.json"`,
      // Personal and regulated data: never kept by a browser or a proxy.
      "Cache-Control": "no-store",
    },
  });
}
