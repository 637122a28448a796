import type { RouteAccess } from "~/modules/auth/route-access";
import { checkDatabase } from "~/modules/system/health.server";
import { RETRY_AFTER_SECONDS } from "~/modules/system/database-unavailable.server";

// Public by design (load balancers call it): says only whether the database answers, and if not, why.
export const access = { loader: "public" } as const satisfies RouteAccess;

export async function loader() {
  const health = await checkDatabase();
  const headers = { "Cache-Control": "no-store" };
  if (health.ok) return Response.json({ status: "ok", database: health.kind }, { headers });
  return Response.json(
    { status: "error", database: health.kind, reason: health.reason },
    { status: 503, headers: { ...headers, "Retry-After": String(RETRY_AFTER_SECONDS) } },
  );
}
