import { AsyncLocalStorage } from "node:async_hooks";

/** Per-request facts the server sets and deep code reads: the client's address, the signed-in user. */
export interface RequestContext {
  clientIp: string;
  userId?: string;
  /** The signed-in look-up, shared by the loaders of one request (keyed by the session cookie). */
  signedIn?: { cookie: string; value: Promise<unknown> };
}

// On globalThis: the server script and the Remix build each load their own copy of this module.
const KEY = Symbol.for("laguna.request-context");
type GlobalWithContext = typeof globalThis & { [KEY]?: AsyncLocalStorage<RequestContext> };
const store = globalThis as GlobalWithContext;

export const requestContext: AsyncLocalStorage<RequestContext> = (store[KEY] ??= new AsyncLocalStorage());

export function currentClientIp() {
  return requestContext.getStore()?.clientIp ?? "unknown";
}

export function noteRequestUser(userId: string) {
  const context = requestContext.getStore();
  if (context) context.userId = userId;
}

/** Runs `load` once per request for the same cookie; loaders of nested routes run in parallel. */
export function oncePerRequest<T>(cookie: string, load: () => Promise<T>): Promise<T> {
  const context = requestContext.getStore();
  if (!context) return load();
  if (context.signedIn?.cookie !== cookie) context.signedIn = { cookie, value: load() };
  return context.signedIn.value as Promise<T>;
}
