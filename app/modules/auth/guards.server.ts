import { redirect, type AppLoadContext } from "@remix-run/node";
import { and, eq, lt } from "drizzle-orm";
import { db, schema } from "@db/client";
import { forbidden } from "~/utils/http.server";
import { can, describeAction, type Action, type SessionUser } from "./permissions";
import type { Need } from "./route-access";
import { pendingSecondStep, type SecondFactorState } from "./sign-in-rules";
import { blankSessionCookieHeader, readSessionToken, validateSession } from "./session.server";

/** What a guard reads: a loader's or action's own arguments (the request and its load context). */
export interface RequestArgs {
  request: Request;
  context: AppLoadContext;
}

/** The signed-in user as one request sees them: `clientIp` goes into the audit rows their changes write. */
export interface RequestUser extends SessionUser {
  clientIp: string;
}

export interface SignedIn {
  user: SessionUser;
  /** The session's id in the database: the hash of the cookie's token, which only the browser keeps. */
  sessionId: string;
  secondFactor: SecondFactorState;
}

/** Why a request that carried a session cookie is no longer signed in: told on the sign-in page. */
export type SignOutReason = "expired" | "deactivated";
export const SIGN_OUT_REASONS: readonly SignOutReason[] = ["expired", "deactivated"];

interface LookUp {
  signedIn: SignedIn | null;
  /** Set when a cookie was sent but no longer signs anyone in. */
  reason?: SignOutReason;
}

export { pendingSecondStep, type SecondFactorState } from "./sign-in-rules";

// "Last seen" is written at most this often per session: a write on every request would cost more than it tells.
const LAST_SEEN_EVERY_MS = 5 * 60_000;

// The nested routes' loaders of one request run in parallel and share its load context: one look-up
// serves them all. (Per request, not per process: a sign-out or deactivation shows on the next one.)
const lookUps = new WeakMap<AppLoadContext, { token: string; result: Promise<LookUp> }>();

/**
 * The signed-in user and their session, or null. A deactivated user's sessions are ended here too.
 * When the session's expiry slid (or it has ended), the cookie to send back goes in the load context.
 */
export async function getSignedIn(args: RequestArgs): Promise<SignedIn | null> {
  return (await lookUpOnce(args)).signedIn;
}

async function lookUpOnce({ request, context }: RequestArgs): Promise<LookUp> {
  const token = readSessionToken(request);
  if (!token) return { signedIn: null };
  let lookUp = lookUps.get(context);
  if (lookUp?.token !== token) {
    lookUp = { token, result: lookUpSession(token, context) };
    lookUps.set(context, lookUp);
  }
  const result = await lookUp.result;
  if (result.signedIn && context.requestLog) context.requestLog.userId = result.signedIn.user.id;
  return result;
}

async function lookUpSession(token: string, context: AppLoadContext): Promise<LookUp> {
  const { session, user, setCookie } = await validateSession(token);
  // Stryker disable next-line ConditionalExpression: equivalent, setting it to undefined on a fresh context leaves it unset
  if (setCookie) context.sessionCookie = setCookie;
  // Stryker disable next-line LogicalOperator: equivalent, validateSession returns both or neither
  if (!session || !user) return { signedIn: null, reason: "expired" };
  if (!user.active) {
    await db().delete(schema.sessions).where(eq(schema.sessions.userId, user.id));
    context.sessionCookie = blankSessionCookieHeader();
    return { signedIn: null, reason: "deactivated" };
  }
  // The check here saves a query; the same one in the UPDATE keeps two parallel requests to one write.
  // Either alone gives the same rows, so mutants of one are masked by the other.
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent, the UPDATE below checks the same
  if (Date.now() - session.lastSeenAt.getTime() > LAST_SEEN_EVERY_MS) {
    const now = new Date();
    // Stryker disable next-line ArithmeticOperator: equivalent, the check above already ruled out a recent write
    const writtenBefore = new Date(now.getTime() - LAST_SEEN_EVERY_MS);
    await db()
      .update(schema.sessions)
      .set({ lastSeenAt: now })
      .where(and(eq(schema.sessions.id, session.id), lt(schema.sessions.lastSeenAt, writtenBefore)));
  }
  return {
    signedIn: {
      user: { id: user.id, email: user.email, name: user.name, role: user.role, branchIds: user.branchIds },
      sessionId: session.id,
      secondFactor: { enrolled: user.enrolled, required: user.required, passedAt: session.secondFactorAt ? new Date(session.secondFactorAt) : null },
    },
  };
}

const hereAsRedirectTo = (request: Request) => {
  const url = new URL(request.url);
  return new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
};

/**
 * Any session, including one that passed the password but still owes its second step: only the
 * second step's own pages and signing out use this. Anonymous users go to /login, told why when a
 * cookie was sent that no longer signs anyone in.
 */
export async function requireSession(args: RequestArgs): Promise<SignedIn & { user: RequestUser }> {
  const { signedIn, reason } = await lookUpOnce(args);
  if (!signedIn) {
    const params = hereAsRedirectTo(args.request);
    // The reason is one of two fixed words, shown as a fixed sentence: nothing of it is echoed.
    if (reason) params.set("reason", reason);
    throw redirect(`/login?${params}`);
  }
  return { ...signedIn, user: { ...signedIn.user, clientIp: args.context.clientIp ?? "unknown" } };
}

/**
 * Like requireUser, with the session too (for signing out and changing one's password). Every guard
 * below comes through here: a session that still owes its second step (a code, or enrolment for a
 * role that must use one) is sent to it, whatever the page or form, so nothing is served before it.
 */
export async function requireSignedIn(args: RequestArgs): Promise<SignedIn & { user: RequestUser }> {
  const signedIn = await requireSession(args);
  const pending = pendingSecondStep(signedIn.secondFactor);
  if (pending) throw redirect(`${pending}?${hereAsRedirectTo(args.request)}`);
  return signedIn;
}

/** Pages call this first: anonymous users go to /login and come back afterwards. */
export async function requireUser(args: RequestArgs): Promise<RequestUser> {
  return (await requireSignedIn(args)).user;
}

export async function requirePermission(args: RequestArgs, action: Action, branchId?: string): Promise<RequestUser> {
  const user = await requireUser(args);
  if (!can(user, action, branchId)) forbidden(`You can't ${describeAction(action)}.`);
  return user;
}

/** The guard for a need a route declares in its `access`: a permission, or just being signed in. */
export async function requireAccess(args: RequestArgs, need: Exclude<Need, "public">, branchId?: string): Promise<RequestUser> {
  if (need === "session") return (await requireSession(args)).user;
  return need === "signed-in" ? requireUser(args) : requirePermission(args, need, branchId);
}

/**
 * An action's guard for the form's `intent`: the need its route declares for it. The user is signed
 * in before the body is read (`readBody`, e.g. readForm with the route's limits), so nobody anonymous
 * gets a form parsed. An intent the route doesn't declare is refused (400), never served by a
 * default, so no form reaches a step unguarded.
 */
export async function requireIntent<I extends string>(
  args: RequestArgs,
  intents: Readonly<Record<I, Exclude<Need, "public">>>,
  readBody: (request: Request) => Promise<FormData>,
): Promise<{ actor: RequestUser; intent: I; formData: FormData }> {
  await requireUser(args); // anonymous: to /login, whatever the form says
  const formData = await readBody(args.request);
  const intent = formData.get("intent");
  // Stryker disable next-line ConditionalExpression: equivalent, a file or a missing field names no declared intent either (the check narrows the type)
  if (typeof intent !== "string" || !Object.hasOwn(intents, intent)) {
    throw new Response("That action isn't available here. Reload the page and try again.", { status: 400, statusText: "Bad Request" });
  }
  const declared = intent as I;
  return { actor: await requireAccess(args, intents[declared]), intent: declared, formData };
}

/** The user as a page may show them: without the request's facts (their address). */
export function shownUser({ id, email, name, role, branchIds }: SessionUser): SessionUser {
  return { id, email, name, role, branchIds };
}
