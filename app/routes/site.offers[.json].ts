import type { LoaderFunctionArgs } from "@remix-run/node";
import { createHash } from "node:crypto";
import type { RouteAccess } from "~/modules/auth/route-access";
import { brokerStatus, publicOffers, toPublicJson } from "~/modules/offers/public-offers.server";
import { londonToday } from "~/utils/dates";

// Public by design, no sign-in: the group's published offers are advertised to everyone (DESIGN.md,
// Offers). Only live offers leave the server (public-offers.server.ts filters in SQL).
export const access = { loader: "public" } as const satisfies RouteAccess;
const CACHE_CONTROL = "public, max-age=60";

/** Does If-None-Match ("*", a list, weak or strong) name this ETag? */
function matches(ifNoneMatch: string | null, etag: string) {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((tag) => {
    const value = tag.trim().replace(/^W\//, "");
    return value === "*" || value === etag;
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const [offers, status] = await Promise.all([
    publicOffers({ branchSlug: url.searchParams.get("branch") || null, brand: url.searchParams.get("brand") || null, on: londonToday() }),
    brokerStatus(),
  ]);
  const content = { brokerStatus: status, offers: offers.map(toPublicJson) };
  // The ETag covers everything but generatedAt, so it changes only when what is shown changes.
  const etag = `"${createHash("sha256").update(JSON.stringify(content)).digest("base64url").slice(0, 32)}"`;
  const headers = { ETag: etag, "Cache-Control": CACHE_CONTROL };
  if (matches(request.headers.get("If-None-Match"), etag)) return new Response(null, { status: 304, headers });
  return Response.json({ generatedAt: new Date().toISOString(), ...content }, { headers });
}
