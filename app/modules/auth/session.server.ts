import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { eq, sql } from "drizzle-orm";
import { generateIdFromEntropySize, Lucia, TimeSpan, type DatabaseSession, type DatabaseUser } from "lucia";
import { db, schema, type AppDatabase } from "@db/client";
import type { Role } from "./permissions";

// The only module that imports lucia (v3 is in maintenance upstream: one file keeps a swap small).

const SESSION_HOURS = 12;

const { sessions, users, userBranches } = schema;

/**
 * Lucia's Drizzle adapter, but the look-up every request makes reads the user's branch assignments
 * in the same statement (one round trip, not two), leaves the password hash in the database, and is
 * built once: a prepared statement (on PostgreSQL, parsed once per connection: a primary-key read).
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
      })
      .from(sessions)
      .innerJoin(users, eq(sessions.userId, users.id))
      .where(eq(sessions.id, sql.placeholder("sessionId")))
      .prepare("session_look_up");
  }

  override async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const [row] = await this.lookUp.execute({ sessionId });
    if (!row) return [null, null];
    const { id, userId, expiresAt, ...sessionAttributes } = row.session;
    const { id: idOfUser, ...userAttributes } = row.user;
    return [
      { id, userId, expiresAt, attributes: sessionAttributes },
      { id: idOfUser, attributes: { ...userAttributes, branchIds: row.branchIds } },
    ];
  }
}

function createLucia(database: AppDatabase) {
  return new Lucia(new SessionAdapter(database), {
    // Idle sessions end after 12 hours; each use slides the expiry (kept in the database).
    sessionExpiresIn: new TimeSpan(SESSION_HOURS, "h"),
    sessionCookie: {
      name: "laguna_session",
      expires: false,
      attributes: { secure: process.env.NODE_ENV === "production", sameSite: "lax" },
    },
    getUserAttributes: (attributes) => ({
      email: attributes.email,
      name: attributes.name,
      role: attributes.role,
      active: attributes.active,
      branchIds: attributes.branchIds,
    }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: string;
    DatabaseUserAttributes: { email: string; name: string; role: Role; active: boolean; branchIds: string[] };
  }
}

const instances = new WeakMap<AppDatabase, ReturnType<typeof createLucia>>();
function lucia() {
  const database = db();
  let instance = instances.get(database);
  if (!instance) instances.set(database, (instance = createLucia(database)));
  return instance;
}

export const newSessionId = () => generateIdFromEntropySize(25);

export function sessionExpiry(from = new Date()) {
  return new Date(from.getTime() + SESSION_HOURS * 60 * 60 * 1000);
}

export function readSessionId(request: Request) {
  return lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
}

export async function validateSession(sessionId: string) {
  return lucia().validateSession(sessionId);
}

export function sessionCookieHeader(sessionId: string) {
  return lucia().createSessionCookie(sessionId).serialize();
}

export function blankSessionCookieHeader() {
  return lucia().createBlankSessionCookie().serialize();
}
