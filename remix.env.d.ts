/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

declare module "@remix-run/node" {
  // Single Fetch: loader types come through data() and naked objects.
  interface Future {
    v3_singleFetch: true;
  }
  interface AppLoadContext {
    /** Set per request by scripts/serve.ts for the Content-Security-Policy. */
    cspNonce: string;
  }
}
export {};
