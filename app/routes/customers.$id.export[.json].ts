import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { buildSubjectAccessExport, recordSubjectAccessExport } from "~/modules/privacy/subject-access.server";
import { notFound } from "~/utils/http.server";

/** A subject access request's answer as JSON: everything held on the person (subject-access.server.ts). */
export const access = { loader: "customers:export" } as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const held = await buildSubjectAccessExport(user, params.id ?? "");
  if (!held) notFound("That customer doesn't exist.");
  await recordSubjectAccessExport(user, held.customer.id, "json");
  return new Response(JSON.stringify(held, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="customer-${held.customer.id}.json"`,
      // Personal data: never kept by a browser or a proxy.
      "Cache-Control": "no-store",
    },
  });
}
