import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, getDatabase, openPostgres, schema, selectRows, type DatabaseHandle } from "@db/client";
import { signIn, WRONG_CREDENTIALS } from "~/modules/auth/sign-in.server";
import { makeUser, TEST_PASSWORD } from "../support/factories";
import { databaseUrlWithName } from "../support/postgres-url";

// The race runs for real on PostgreSQL (TEST_DATABASE_URL, as CI runs this suite a second time). On
// PGlite, one transaction at a time, the same bursts interleave between statements and must give the
// same counts: the guesses' look-ups queue before any of their hashes is verified.
const testDatabase = inject("testDatabase");
const THROTTLED = /^Too many failed sign-ins\. For your security, try again in 15 minutes\.$/;

type Guess = { email: string; password: string; ipAddress: string; on?: DatabaseHandle };
const burst = (guesses: Guess[]) => Promise.all(guesses.map(({ on, ...input }) => signIn(input, on?.db)));

/** Guesses that reached the hash: each leaves one attempt row (a refused guess leaves none) and, when wrong, one audit row. */
async function verifiedAt(where: { email?: string; ipAddress?: string }) {
  const attempts = await db()
    .select()
    .from(schema.signInAttempts)
    .where(
      and(
        where.email ? eq(schema.signInAttempts.email, where.email) : undefined,
        where.ipAddress ? eq(schema.signInAttempts.ipAddress, where.ipAddress) : undefined,
      ),
    );
  const audited = await selectRows<{ action: string; total: number }>(sql`
    select action, count(*)::int as total from audit_log
    where action in ('auth.sign_in_failed', 'auth.sign_in_refused')
      and (${where.email ?? null}::text is null or after->>'email' = ${where.email ?? null})
      and (${where.ipAddress ?? null}::text is null or ip_address = ${where.ipAddress ?? null})
    group by action`);
  const byAction = Object.fromEntries(audited.map((row) => [row.action, row.total]));
  return { attempts: attempts.length, failed: byAction["auth.sign_in_failed"] ?? 0, refused: byAction["auth.sign_in_refused"] ?? 0 };
}

const messages = (results: Awaited<ReturnType<typeof signIn>>[]) => ({
  wrong: results.filter((r) => !r.ok && r.message === WRONG_CREDENTIALS).length,
  throttled: results.filter((r) => !r.ok && THROTTLED.test(r.message)).length,
  signedIn: results.filter((r) => r.ok).length,
});

describe(`the sign-in throttle under parallel requests (${testDatabase.kind})`, () => {
  // A second app instance: its own connection pool to the same database (PGlite has one handle per database).
  let second: DatabaseHandle;
  beforeAll(async () => {
    if (testDatabase.kind === "pglite") {
      second = getDatabase();
      return;
    }
    const [current] = await selectRows<{ name: string }>(sql`select current_database() as name`);
    second = openPostgres(databaseUrlWithName(testDatabase.serverUrl, current!.name));
  });
  afterAll(async () => {
    if (second !== getDatabase()) await second.close();
  });

  it("verifies 5 of 60 parallel wrong guesses at one account and refuses the other 55 without verifying", async () => {
    const user = await makeUser("manager");
    const results = await burst(Array.from({ length: 60 }, (_, i) => ({ email: user.email, password: `wrong-guess-${i}`, ipAddress: "198.51.100.1" })));
    expect(messages(results)).toEqual({ wrong: 5, throttled: 55, signedIn: 0 });
    expect(await verifiedAt({ email: user.email })).toEqual({ attempts: 5, failed: 5, refused: 55 });
  });

  it("does not sign in a burst of 55 wrong guesses followed by the right password", async () => {
    const user = await makeUser("manager");
    const guesses = Array.from({ length: 60 }, (_, i) => ({ email: user.email, password: i < 55 ? `wrong-guess-${i}` : TEST_PASSWORD, ipAddress: "198.51.100.2" }));
    const results = await burst(guesses);
    expect(messages(results)).toEqual({ wrong: 5, throttled: 55, signedIn: 0 });
    expect(await db().select().from(schema.sessions).where(eq(schema.sessions.userId, user.id))).toEqual([]);
  });

  it("verifies 50 of 120 parallel guesses from one address at 120 different emails", async () => {
    const results = await burst(Array.from({ length: 120 }, (_, i) => ({ email: `stranger${i}@one-address.example`, password: "a-guess-at-it", ipAddress: "198.51.100.3" })));
    expect(messages(results)).toEqual({ wrong: 50, throttled: 70, signedIn: 0 });
    expect(await verifiedAt({ ipAddress: "198.51.100.3" })).toEqual({ attempts: 50, failed: 50, refused: 70 });
  });

  it("holds across two app instances on one database, per account and per address", async () => {
    const user = await makeUser("finance");
    const handles = [getDatabase(), second];
    const atAccount = await burst(
      Array.from({ length: 60 }, (_, i) => ({ email: user.email, password: `wrong-guess-${i}`, ipAddress: `198.51.100.${10 + (i % 30)}`, on: handles[i % 2] })),
    );
    expect(messages(atAccount)).toEqual({ wrong: 5, throttled: 55, signedIn: 0 });
    expect(await verifiedAt({ email: user.email })).toEqual({ attempts: 5, failed: 5, refused: 55 });

    const fromAddress = await burst(
      Array.from({ length: 120 }, (_, i) => ({ email: `roamer${i}@two-instances.example`, password: "a-guess-at-it", ipAddress: "198.51.100.4", on: handles[i % 2] })),
    );
    expect(messages(fromAddress)).toEqual({ wrong: 50, throttled: 70, signedIn: 0 });
    expect(await verifiedAt({ ipAddress: "198.51.100.4" })).toEqual({ attempts: 50, failed: 50, refused: 70 });
  });
});
