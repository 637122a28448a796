import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { DEDICATED_TOTP_KEY, DEMO_TOTP_KEYS } from "../../seed/demo-keys";

export const DEMO_PASSWORD = "laguna-demo-2026";

export const DEMO = {
  admin: { email: "admin@laguna.example", name: "Alex Admin" },
  manager: { email: "manager@laguna.example", name: "Morgan Manager" },
  finance: { email: "finance@laguna.example", name: "Frankie Finance" },
  compliance: { email: "compliance@laguna.example", name: "Casey Compliance" },
} as const;

/**
 * Users that one spec changes (locked out, new password), so the others never notice. The web server
 * creates them with the user:create CLI before it starts (see playwright.config.ts).
 */
export const DEDICATED_PASSWORD = "dedicated-e2e-2026";
// `totpKey`: made with DEDICATED_TOTP_KEY (a finance user must use a second factor); `enrol` makes a
// finance user without one, whose first sign-in goes through enrolment.
export const DEDICATED_USERS = {
  lockout: { email: "lockout@laguna.example", name: "Lee Lockout", role: "finance", branch: "maidstone-honda", totpKey: true },
  enrol: { email: "enrol@laguna.example", name: "Eddie Enrol", role: "finance", branch: "maidstone-honda", totpKey: false },
  passwordChange: { email: "password-change@laguna.example", name: "Pat Password", role: "manager", branch: "laguna-ktm", totpKey: false },
  receiver: { email: "receiver@laguna.example", name: "Rae Receiver", role: "manager", branch: "laguna-triumph", totpKey: false },
  /** A second admin, to review a deal the demo admin took part in (four eyes). */
  secondAdmin: { email: "second-admin@laguna.example", name: "Sasha Second", role: "admin", branch: "maidstone-honda", totpKey: true },
} as const;

export const SCREENSHOTS = "test-results/screenshots";

/** Fills and sends the sign-in form, and waits for the server's answer (/login.data with single fetch). */
export async function submitSignIn(page: Page, email: string, password: string) {
  if (!new URL(page.url(), "http://x").pathname.startsWith("/login")) await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && /^\/login(\.data)?$/.test(new URL(r.url()).pathname)),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

/** Keys of the users the specs sign in as (base32), by email: demo users, dedicated ones, and any enrolled in a spec. */
const knownKeys = new Map<string, string>([
  ...Object.entries(DEMO_TOTP_KEYS),
  ...Object.values(DEDICATED_USERS)
    .filter((u) => u.totpKey)
    .map((u) => [u.email, DEDICATED_TOTP_KEY] as [string, string]),
]);
/**
 * The last step each user's code was used for (each code works once, so the next sign-in needs a later
 * one) and keys learnt at enrolment: kept in the e2e server's data folder, which each run starts afresh,
 * so a new worker (Playwright starts one after a failure) knows what the server has seen.
 */
const CODES_FILE = ".data-e2e/e2e-codes.json";
type CodesSeen = { steps: Record<string, number>; keys: Record<string, string> };
const readSeen = (): CodesSeen => (existsSync(CODES_FILE) ? (JSON.parse(readFileSync(CODES_FILE, "utf8")) as CodesSeen) : { steps: {}, keys: {} });
const writeSeen = (seen: CodesSeen) => writeFileSync(CODES_FILE, JSON.stringify(seen));

/**
 * The code an authenticator app would show a user now, for a step not used yet in this run (one step of
 * drift ahead is accepted; past that, it waits for the next step).
 */
export async function nextCode(email: string) {
  const seen = readSeen();
  const key = knownKeys.get(email.toLowerCase()) ?? seen.keys[email.toLowerCase()];
  if (!key) throw new Error(`No two-factor key known for ${email}.`);
  const step = Math.max(Math.floor(Date.now() / 30_000) - 1, (seen.steps[email.toLowerCase()] ?? 0) + 1);
  // Out of fresh codes (the fourth sign-in of one user within 30 s): wait for the next, with the time for it.
  if (step > Math.floor(Date.now() / 30_000) + 1) test.info().setTimeout(test.info().timeout + 30_000);
  while (step > Math.floor(Date.now() / 30_000) + 1) await new Promise((resolve) => setTimeout(resolve, 1_000));
  writeSeen({ ...seen, steps: { ...seen.steps, [email.toLowerCase()]: step } });
  return generateHOTP(decodeBase32IgnorePadding(key), BigInt(step), 6);
}

/** On the enrolment page: keeps the key it shows and turns two-factor on with the app's code. */
export async function enrolWithCode(page: Page, email: string) {
  const key = (await page.getByLabel("Key for manual entry").innerText()).replace(/\s/g, "");
  const seen = readSeen();
  writeSeen({ ...seen, keys: { ...seen.keys, [email.toLowerCase()]: key } });
  await page.getByLabel("Code from the app").fill(await nextCode(email));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
}

/** Completes the second step the sign-in asks for: the code page, or enrolment (keeping the key it shows). */
export async function passSecondStep(page: Page, email: string) {
  await page.waitForURL((url) => !url.pathname.startsWith("/login") || /^\/login\/(code|enrol)$/.test(url.pathname));
  const path = new URL(page.url()).pathname;
  if (path === "/login/enrol") {
    await enrolWithCode(page, email);
    await page.getByRole("link", { name: "I have saved them: continue" }).click();
  } else if (path === "/login/code") {
    await page.getByLabel("Code", { exact: true }).fill(await nextCode(email));
    await page.getByRole("button", { name: "Continue" }).click();
  }
}

/** Signs in through the form (and its second step, when the user has one) and lands on the dashboard. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await submitSignIn(page, email, password);
  await passSecondStep(page, email);
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { level: 1, name: /^Welcome,/ })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL("/login");
}

export const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });
