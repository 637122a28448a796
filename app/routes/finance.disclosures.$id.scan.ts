import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { disclosureFile, fileResponse } from "~/modules/finance/disclosure-records.server";
import { notFound } from "~/utils/http.server";

/** The scan of a disclosure document the customer signed on paper (`:id` is the disclosure). Whoever may see the deal's page may download it. */
export const access = { loader: "finance:view" } as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const file = await disclosureFile(user, params.id ?? "", "scan");
  if (!file) notFound("That document doesn't exist, or its deal isn't in your branches.");
  return fileResponse(file);
}
