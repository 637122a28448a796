import type { Action } from "./permissions";

/**
 * What one guard asks for: a permission from the matrix, any signed-in user, any session even one still
 * owing its second step (the second step's pages and signing out), or nobody (a public page).
 */
export type Need = Action | "signed-in" | "session" | "public";

/**
 * Who may call a route, exported by the route module beside its guards and read by them, so the two
 * cannot drift; tests/integration/route-access.test.ts walks every route against its own copy.
 * `action` is one need for every form the action takes; `intents` one per form `intent` (an intent
 * not listed is refused with 400).
 */
export interface RouteAccess {
  loader?: Need;
  action?: Need;
  intents?: Readonly<Record<string, Need>>;
}
