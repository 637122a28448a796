import { createHash } from "node:crypto";
import { and, asc, desc, eq, isNull, lte, sql } from "drizzle-orm";
import { db, schema, type Transaction } from "@db/client";
import { approvalShown, listedApprovals } from "~/modules/approvals/approvals.server";
import { recordAudit } from "~/modules/audit/record.server";
import { can, type SessionUser } from "~/modules/auth/permissions";
import { londonToday } from "~/utils/dates";
import { isUuid } from "~/utils/ids";
import { attempt, Refusal, staleVersion, type Result, type Submitted } from "~/utils/result.server";
import { DEFAULT_REVIEW_THRESHOLDS } from "./commission";
import type { SettingKey } from "./finance-labels";
import { tieInForceOn } from "./lenders.server";

const { disclosureDocuments, lenders, lenderTies, settingVersions, users } = schema;

// Advisory-lock class for a setting's key: a save locks the key, then compares the version (lock-and-compare).
import { DEFAULT_RETENTION_RULES, type RetentionRules } from "~/modules/privacy/retention-rules";

const SETTING_LOCK_CLASS = 74_003;

function assertMayEdit(actor: SessionUser) {
  if (!can(actor, "lenders:edit")) throw new Refusal("You can't edit the lender panel.", undefined, 403);
}

// --- The tie register on a day --------------------------------------------------------------------

/**
 * The ties in force on a day (YYYY-MM-DD), optionally for one lender, with the lender's name. Pass
 * `tx` when calling inside a transaction (PGlite runs one at a time: a query outside it would wait).
 */
export async function tiesInForce(on: string, lenderId?: string, tx?: Transaction) {
  return (tx ?? db())
    .select({
      id: lenderTies.id,
      lenderId: lenderTies.lenderId,
      lenderName: lenders.name,
      reference: lenderTies.reference,
      kind: lenderTies.kind,
      terms: lenderTies.terms,
      startsOn: lenderTies.startsOn,
      endsOn: lenderTies.endsOn,
    })
    .from(lenderTies)
    .innerJoin(lenders, eq(lenders.id, lenderTies.lenderId))
    .where(and(tieInForceOn(on), lenderId ? eq(lenderTies.lenderId, lenderId) : undefined))
    .orderBy(asc(lenders.name), asc(lenderTies.startsOn), asc(lenderTies.reference));
}

export type TieInForce = Awaited<ReturnType<typeof tiesInForce>>[number];

// --- Whether a text may be shown to customers --------------------------------------------------

const INDEPENDENT = /\bindependent\b/gi;
// "not independent", "isn't independent", "not impartial or independent" deny independence.
const DENIAL_BEFORE = /(?:\bnot|n't)\s+(?:impartial\s+(?:or|and|nor)\s+)?$/i;

function independenceMentions(body: string) {
  const mentions = [...body.matchAll(INDEPENDENT)].map((match) => DENIAL_BEFORE.test(body.slice(0, match.index)));
  return { claims: mentions.some((denied) => !denied), denials: mentions.some((denied) => denied) };
}

/**
 * Why a status text can't be shown to a customer, or null when it can. Kept simple on purpose:
 * - it must say the group is a "credit broker" and "not a lender" (phrases, any case);
 * - while any tie is in force it must not call the group "independent" (the word, unless preceded by
 *   "not ", "n't " or "not impartial or "), and must say it is "not independent" (same forms).
 * With no tie in force a broker may truthfully say it is independent, so both independence checks
 * apply only while a tie is. The lenders themselves are listed from the register beside the text.
 */
export function documentProblem(body: string, ties: readonly { lenderName?: string }[]): string | null {
  if (!/\bcredit broker\b/i.test(body)) return 'It must say the group is a credit broker (the words "credit broker").';
  if (!/\bnot a lender\b/i.test(body)) return 'It must say the group is not a lender (the words "not a lender").';
  if (ties.length === 0) return null;
  const names = [...new Set(ties.map((tie) => tie.lenderName).filter(Boolean))].join(", ");
  const inForce = `${ties.length === 1 ? "a tie is" : `${ties.length} ties are`} in force${names ? ` (with ${names})` : ""}`;
  const { claims, denials } = independenceMentions(body);
  if (claims) return `It calls the group "independent" while ${inForce}: a tied credit broker is not independent.`;
  if (!denials) return `It must say the group is "not independent", as ${inForce}.`;
  return null;
}

// --- Disclosure documents ------------------------------------------------------------------------

/** The hash kept with a document: SHA-256 of its exact text (UTF-8), in hex. */
export function sha256Of(text: string) {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Every version, newest first, with what (if anything) stops it being used today and which one is. */
export async function listDocuments() {
  const today = londonToday();
  const [rows, ties] = await Promise.all([db().select().from(disclosureDocuments).orderBy(desc(disclosureDocuments.version)), tiesInForce(today)]);
  const approvals = await listedApprovals("disclosure_document", rows.map((row) => row.id));
  const documents = rows.map((row) => ({ ...row, problem: documentProblem(row.body, ties), approval: approvalShown(approvals.get(row.id)) }));
  const inUse = documents.find((row) => row.effectiveFrom <= today && row.problem === null);
  return { documents, inUseId: inUse?.id ?? null, ties, today };
}

export async function getDocument(id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db().select().from(disclosureDocuments).where(eq(disclosureDocuments.id, id));
  return row ?? null;
}

/**
 * The newest version in effect on a day (YYYY-MM-DD) with no problem against that day's ties; null
 * when none. Pass `tx` inside a transaction.
 */
export async function usableDocument(on: string, tx?: Transaction) {
  const rows = await (tx ?? db()).select().from(disclosureDocuments).where(lte(disclosureDocuments.effectiveFrom, on)).orderBy(desc(disclosureDocuments.version));
  const ties = await tiesInForce(on, undefined, tx);
  return rows.find((row) => documentProblem(row.body, ties) === null) ?? null;
}

/** Marks a document as shown to a customer, inside the caller's transaction: from then on the database refuses edits. */
export async function markDocumentUsed(tx: Transaction, id: string) {
  await tx
    .update(disclosureDocuments)
    .set({ firstUsedAt: new Date() })
    .where(and(eq(disclosureDocuments.id, id), isNull(disclosureDocuments.firstUsedAt)));
}

/** Adds the next numbered version; an existing version is never rewritten. */
export async function createDocumentVersion(input: { actor: SessionUser; title: string; body: string; effectiveFrom: string } & Submitted): Promise<Result<{ id: string; version: number; problem: string | null }>> {
  return attempt(async (tx) => {
    assertMayEdit(input.actor);
    // A deal points at the version in effect on its day: backdating would rewrite what earlier customers saw.
    if (input.effectiveFrom < londonToday()) throw new Refusal("A new version takes effect today or later: earlier days keep the wording customers were shown.", "effectiveFrom");
    const [latest] = await tx.select({ value: sql<number>`coalesce(max(${disclosureDocuments.version}), 0)::int` }).from(disclosureDocuments);
    // Two admins saving at once: the unique version index refuses the second (409, try again).
    const [created] = await tx
      .insert(disclosureDocuments)
      .values({
        version: (latest?.value ?? 0) + 1,
        title: input.title,
        body: input.body,
        sha256: sha256Of(input.body),
        effectiveFrom: input.effectiveFrom,
        createdBy: input.actor.id,
      })
      .returning();
    await recordAudit(tx, { actor: input.actor, action: "disclosure_document.created", entityType: "disclosure_document", entityId: created!.id, after: created });
    const on = input.effectiveFrom > londonToday() ? input.effectiveFrom : londonToday();
    return { id: created!.id, version: created!.version, problem: documentProblem(input.body, await tiesInForce(on, undefined, tx)) };
  }, input.once);
}

// --- Admin settings, versioned: the newest row wins ----------------------------------------------

export interface SettingValues {
  regulatory_status: { text: string };
  commission_review_thresholds: { chargeForCreditPercent: number; creditPercent: number };
  /** How long records are kept (app/modules/privacy/retention-rules.ts). */
  retention_rules: RetentionRules;
}

/** Used until an admin saves a version. */
export const SETTING_DEFAULTS: SettingValues = {
  regulatory_status: {
    text:
      "Laguna Motorcycles Limited (trading as Laguna Motorcycles, Laguna Performance Centre, Laguna Triumph, Maidstone Honda, " +
      "Maidstone Harley-Davidson and Kent Motorcycles) is an Appointed Representative of Automotive Compliance Ltd, which is " +
      "authorised and regulated by the Financial Conduct Authority (FCA No. 497010). We are a credit broker, not a lender: we " +
      "introduce you to lenders on our panel, acting for the lender and not as your agent. We are not impartial or independent, " +
      "and may receive commission from the lender. We are also an insurance distribution agent.",
  },
  commission_review_thresholds: DEFAULT_REVIEW_THRESHOLDS,
  retention_rules: DEFAULT_RETENTION_RULES,
};

/** A setting's value now, its version (0 while the default applies) and when it was saved. */
export async function currentSetting<K extends SettingKey>(key: K, tx?: Transaction) {
  const [row] = await (tx ?? db())
    .select()
    .from(settingVersions)
    .where(eq(settingVersions.key, key))
    .orderBy(desc(settingVersions.version))
    .limit(1);
  if (!row) return { key, value: SETTING_DEFAULTS[key], version: 0, createdAt: null as Date | null };
  return { key, value: { ...SETTING_DEFAULTS[key], ...(row.value as object) } as SettingValues[K], version: row.version, createdAt: row.createdAt as Date | null };
}

/** The value in force now (the newest version, else the default). Pass `tx` inside a transaction. */
export async function getSetting<K extends SettingKey>(key: K, tx?: Transaction): Promise<SettingValues[K]> {
  return (await currentSetting(key, tx)).value;
}

/** Every saved version of a setting, newest first, with who saved it. */
export async function listSettingVersions(key: SettingKey) {
  return db()
    .select({ id: settingVersions.id, version: settingVersions.version, value: settingVersions.value, createdAt: settingVersions.createdAt, createdBy: users.name })
    .from(settingVersions)
    .leftJoin(users, eq(users.id, settingVersions.createdBy))
    .where(eq(settingVersions.key, key))
    .orderBy(desc(settingVersions.version));
}

/**
 * Appends a version of a setting. With `basedOnVersion` (the version the admin edited), a save made
 * on a stale copy is refused rather than silently replacing a colleague's change.
 */
export async function saveSettingVersion<K extends SettingKey>(
  actor: SessionUser,
  key: K,
  value: SettingValues[K],
  basedOnVersion?: number,
  once?: Submitted["once"],
): Promise<Result<{ version: number }>> {
  return attempt(async (tx) => {
    assertMayEdit(actor);
    // A setting has no row to lock until its first version exists, so the key itself is locked.
    await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(SETTING_LOCK_CLASS))}, hashtext(${key}))`);
    const [latest] = await tx
      .select({ value: sql<number>`coalesce(max(${settingVersions.version}), 0)::int` })
      .from(settingVersions)
      .where(eq(settingVersions.key, key));
    const current = latest?.value ?? 0;
    if (basedOnVersion !== undefined && basedOnVersion !== current) throw staleVersion(`the ${key.replace(/_/g, " ")} setting`, current);
    if (key === "regulatory_status") {
      // The wording is live as soon as it is saved, so it must agree with today's tie register.
      const problem = documentProblem((value as SettingValues["regulatory_status"]).text, await tiesInForce(londonToday(), undefined, tx));
      if (problem) throw new Refusal(problem, "text");
    }
    const [before] = await tx.select().from(settingVersions).where(and(eq(settingVersions.key, key), eq(settingVersions.version, current)));
    const [created] = await tx.insert(settingVersions).values({ key, version: current + 1, value, createdBy: actor.id }).returning();
    await recordAudit(tx, { actor, action: "setting.saved", entityType: "setting", entityId: key, before: before ?? null, after: created });
    return { version: created!.version };
  }, once);
}
