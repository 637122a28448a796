/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

declare module "@remix-run/node" {
  // Single Fetch: loader types come through data() and naked objects.
  interface Future {
    v3_singleFetch: true;
  }
  /** Per request, from server/serve.ts; loaders and actions hand it to the guards. */
  interface AppLoadContext {
    /** For the Content-Security-Policy. */
    cspNonce: string;
    /** The client's address (Express's req.ip, behind TRUST_PROXY hops): audit rows and sign-in throttling. */
    clientIp?: string;
    /** What the request's log line says beyond method, path and status: the signed-in user, once known. */
    requestLog?: { userId?: string };
    /** Set by the session guard: the session cookie to send again (its expiry slid) or blank (it ended). */
    sessionCookie?: string;
  }
}
export {};
