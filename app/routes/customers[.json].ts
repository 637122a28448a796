import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { findCustomers } from "~/modules/customers/customers-read.server";
import { searchTerm } from "~/utils/list-query";

// The forms' customer search (reservations, sales, deals, complaints): the records the user may see.
export const access = { loader: "customers:view" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const q = searchTerm().parse(new URL(request.url).searchParams.get("q") ?? "");
  const customers = await findCustomers(user, q);
  // Personal data: never kept by a shared cache or the browser's.
  return Response.json({ q, customers }, { headers: { "Cache-Control": "private, no-store" } });
}
