import type { RouteAccess } from "~/modules/auth/route-access";
import { checkDatabase } from "~/modules/system/health.server";

// Public by design (load balancers call it): says only whether the database answers.
export const access = { loader: "public" } as const satisfies RouteAccess;

export async function loader() {
  const { ok, kind } = await checkDatabase();
  return Response.json(
    { status: ok ? "ok" : "error", database: kind },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
