import { redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { db, schema } from "@db/client";
import { forbidden } from "~/utils/http.server";
import { noteRequestUser, oncePerRequest } from "~/utils/request-context.server";
import { can, describeAction, type Action, type SessionUser } from "./permissions";
import { readSessionId, validateSession } from "./session.server";

export interface SignedIn {
  user: SessionUser;
  sessionId: string;
}

/** The signed-in user and their session, or null. A deactivated user's sessions are ended here too. */
export async function getSignedIn(request: Request): Promise<SignedIn | null> {
  const sessionId = readSessionId(request);
  if (!sessionId) return null;
  return oncePerRequest(sessionId, () => lookUpSession(sessionId));
}

async function lookUpSession(sessionId: string): Promise<SignedIn | null> {
  const { session, user } = await validateSession(sessionId);
  if (!session || !user) return null;
  if (!user.active) {
    await db().delete(schema.sessions).where(eq(schema.sessions.userId, user.id));
    return null;
  }
  noteRequestUser(user.id);
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      branchIds: user.branchIds,
    },
    sessionId: session.id,
  };
}

/** Like requireUser, with the session too (for signing out and changing one's password). */
export async function requireSignedIn(request: Request): Promise<SignedIn> {
  const signedIn = await getSignedIn(request);
  if (!signedIn) {
    const url = new URL(request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    throw redirect(`/login?${new URLSearchParams({ redirectTo })}`);
  }
  return signedIn;
}

/** Pages call this first: anonymous users go to /login and come back afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  return (await requireSignedIn(request)).user;
}

export async function requirePermission(request: Request, action: Action, branchId?: string) {
  const user = await requireUser(request);
  if (!can(user, action, branchId)) forbidden(`You can't ${describeAction(action)}.`);
  return user;
}
