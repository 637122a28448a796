import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { generateIdFromEntropySize, Lucia, TimeSpan } from "lucia";
import { db, schema, type AppDatabase } from "@db/client";
import type { Role } from "./permissions";

// The only module that imports lucia (v3 is in maintenance upstream: one file keeps a swap small).

const SESSION_HOURS = 12;

function createLucia(database: AppDatabase) {
  return new Lucia(new DrizzlePostgreSQLAdapter(database, schema.sessions, schema.users), {
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
    }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: string;
    DatabaseUserAttributes: { email: string; name: string; role: Role; active: boolean };
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
