import { createHash } from "node:crypto";
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { eq, sql } from "drizzle-orm";
import { generateIdFromEntropySize, Lucia, TimeSpan, type DatabaseSession, type DatabaseUser } from "lucia";
import { db, schema, type AppDatabase } from "@db/client";
import type { Role } from "./permissions";
import { DEFAULT_TWO_FACTOR_ROLES } from "./two-factor-policy";

// The only module that imports lucia (v3 is in maintenance upstream: one file keeps a swap small).
//
// The cookie carries a random token; the sessions table keeps only its SHA-256, which is the
// session's id everywhere on the server (Lucia's own guide to sessions does the same). A session id
// seen in a log or a copy of the table cannot be turned back into a cookie.

const SESSION_HOURS = 12;

const { sessions, users, userBranches, userSecondFactors, securitySettings } = schema;

/**
 * Whether a user's role must use a second factor: the admin's saved choice, else the code's default.
 * SQL, so the session look-up reads it in the same statement.
 */
export const roleRequiresSecondFactor = sql<boolean>`${users.role}::text = any(coalesce(
  (select ${securitySettings.twoFactorRoles} from ${securitySettings} where ${securitySettings.id} = 1),
  array[${sql.raw(DEFAULT_TWO_FACTOR_ROLES.map((role) => `'${role}'`).join(", "))}]::text[]))`;
export const hasSecondFactor = sql<boolean>`exists(select 1 from ${userSecondFactors} where ${userSecondFactors.userId} = ${users.id} and ${userSecondFactors.confirmedAt} is not null)`;

/** The id a session is stored under: the SHA-256 of its cookie's token, in hex. */
export function sessionIdFor(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Lucia's Drizzle adapter, but the look-up takes the cookie's token and finds the session by its hash
 * (the session's id, which Lucia then uses for every other call). It reads the user's branch
 * assignments in the same statement (one round trip, not two), leaves the password hash in the
 * database, and is built once: a prepared statement (on PostgreSQL, parsed once per connection).
 */
class SessionAdapter extends DrizzlePostgreSQLAdapter {
  private readonly lookUp;

  constructor(database: AppDatabase) {
    super(database, sessions, users);
    this.lookUp = database
      .select({
        session: sessions,
        user: { id: users.id, email: users.email, name: users.name, role: users.role, active: users.active },
        branchIds: sql<string[]>`array(select ${userBranches.branchId} from ${userBranches} where ${userBranches.userId} = ${users.id})`,
        enrolled: hasSecondFactor,
        required: roleRequiresSecondFactor,
      })
      .from(sessions)
      .innerJoin(users, eq(sessions.userId, users.id))
      .where(eq(sessions.id, sql.placeholder("sessionId")))
      .prepare("session_look_up");
  }

  override async getSessionAndUser(token: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const [row] = await this.lookUp.execute({ sessionId: sessionIdFor(token) });
    if (!row) return [null, null];
    const { id, userId, expiresAt, ...sessionAttributes } = row.session;
    const { id: idOfUser, ...userAttributes } = row.user;
    return [
      { id, userId, expiresAt, attributes: sessionAttributes },
      { id: idOfUser, attributes: { ...userAttributes, branchIds: row.branchIds, enrolled: row.enrolled, required: row.required } },
    ];
  }
}

function createLucia(database: AppDatabase) {
  return new Lucia(new SessionAdapter(database), {
    // Idle sessions end after 12 hours. A use in the second half of that slides the expiry (kept in the
    // database), and the cookie is sent again with it: its Max-Age is always the session's own.
    sessionExpiresIn: new TimeSpan(SESSION_HOURS, "h"),
    sessionCookie: {
      name: "laguna_session",
      expires: true,
      attributes: { secure: process.env.NODE_ENV === "production", sameSite: "lax" },
    },
    getSessionAttributes: (attributes) => ({ secondFactorAt: attributes.secondFactorAt, lastSeenAt: attributes.lastSeenAt }),
    getUserAttributes: (attributes) => ({
      email: attributes.email,
      name: attributes.name,
      role: attributes.role,
      active: attributes.active,
      branchIds: attributes.branchIds,
      enrolled: attributes.enrolled,
      required: attributes.required,
    }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: string;
    DatabaseUserAttributes: { email: string; name: string; role: Role; active: boolean; branchIds: string[]; enrolled: boolean; required: boolean };
    DatabaseSessionAttributes: { secondFactorAt: Date | null; lastSeenAt: Date };
  }
}

const instances = new WeakMap<AppDatabase, ReturnType<typeof createLucia>>();
function lucia() {
  const database = db();
  let instance = instances.get(database);
  if (!instance) instances.set(database, (instance = createLucia(database)));
  return instance;
}

/** A new session's token: the cookie's value (200 random bits); store it under `sessionIdFor(token)`. */
export const newSessionToken = () => generateIdFromEntropySize(25);

export function sessionExpiry(from = new Date()) {
  return new Date(from.getTime() + SESSION_HOURS * 60 * 60 * 1000);
}

/** The token the request's cookie carries, or null. */
export function readSessionToken(request: Request) {
  return lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
}

/**
 * The session of this token and its user (nulls when none is valid), and the Set-Cookie the
 * response needs: the cookie again when the session's expiry slid, a blank one when it has ended.
 */
export async function validateSession(token: string) {
  const { session, user } = await lucia().validateSession(token);
  if (!session) return { session, user, setCookie: blankSessionCookieHeader() };
  return { session, user, setCookie: session.fresh ? sessionCookieHeader(token) : undefined };
}

export function sessionCookieHeader(token: string) {
  return lucia().createSessionCookie(token).serialize();
}

export function blankSessionCookieHeader() {
  return lucia().createBlankSessionCookie().serialize();
}
