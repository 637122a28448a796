import { expect, test } from "@playwright/test";
import { DEDICATED_PASSWORD, DEDICATED_USERS, DEMO, enrolWithCode, nextCode, signIn, submitSignIn } from "./support";

const SHOTS = process.env.SCREENS_DIR ?? "test-results/screenshots";

test("a new finance user's first sign-in goes through enrolment to the dashboard", async ({ page }) => {
  // Enrolment, a refused code and the recovery codes: a long first sign-in, and longer while the server
  // lane shares the cores (it ran out of a minute once in CI, on the last click).
  test.setTimeout(120_000);
  const { email, name } = DEDICATED_USERS.enrol;
  await page.goto("/login");
  await submitSignIn(page, email, DEDICATED_PASSWORD);
  await expect(page).toHaveURL(/^[^?]*\/login\/enrol\?redirectTo=/);
  await expect(page.getByRole("heading", { level: 1, name: "Set up two-factor sign-in" })).toBeVisible();
  await expect(page.getByRole("img", { name: "QR code of your key for an authenticator app" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/two-factor-enrolment.png`, fullPage: true });

  // Nothing else is served until it is done: the dashboard sends them back here.
  await page.goto("/finance");
  await expect(page).toHaveURL(/\/login\/enrol\?redirectTo=%2Ffinance/);

  // A wrong code is refused beside the field, the key stays the same.
  const key = await page.getByLabel("Key for manual entry").innerText();
  await page.getByLabel("Code from the app").fill("12345");
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByText("Enter the 6 digits your authenticator app shows for Laguna Admin.")).toBeVisible();
  expect(await page.getByLabel("Key for manual entry").innerText()).toBe(key);

  // The support reads the key on the page and computes the code, as an authenticator app would. The
  // recovery codes are shown once and stay until the user says they saved them (a reload of the page's
  // data once took them away within a second), then on to the page first asked for.
  await enrolWithCode(page, email);
  const recoveryCodes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(recoveryCodes).toHaveCount(10);
  await page.waitForTimeout(2_000);
  await expect(page).toHaveURL(/\/login\/enrol/);
  await expect(recoveryCodes).toHaveCount(10);
  await page.getByRole("link", { name: "I have saved them: continue" }).click();
  await expect(page).toHaveURL("/finance");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: /^Welcome,/ })).toBeVisible();
  await expect(page.getByRole("link", { name })).toBeVisible();
});

test("signing a deal asks for a fresh code once the last is too old, keeping what was typed", async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto("/login");
  await submitSignIn(page, DEMO.finance.email, "laguna-demo-2026");
  await expect(page).toHaveURL(/\/login\/code\?redirectTo=/);
  await expect(page.getByRole("heading", { level: 1, name: "Enter your code" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/two-factor-code-prompt.png`, fullPage: true });
  await page.getByLabel("Code", { exact: true }).fill(await nextCode(DEMO.finance.email));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL("/");

  await page.goto("/finance?q=Aisha%20Khan");
  await page.getByRole("link", { name: /^FIN-/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("FIN-");
  // The e2e server keeps a code fresh for 36 s (TWO_FACTOR_STEP_UP_MINUTES): let it go stale.
  await page.waitForTimeout(37_000);

  const step = page.locator("details.action-panel", { has: page.locator("summary", { hasText: "5. Sign" }) });
  if (!(await step.evaluate((el) => (el as HTMLDetailsElement).open))) await step.locator("summary").click();
  await step.getByLabel("Agreement number").fill("AGR-STEPUP-1");
  await step.getByRole("button", { name: "Record signature" }).click();
  const code = step.getByLabel("Code from your authenticator app");
  await expect(code).toBeVisible();
  await expect(step.getByText(/Enter the 6-digit code from your authenticator app to record the signature/)).toBeVisible();
  await expect(step.getByLabel("Agreement number")).toHaveValue("AGR-STEPUP-1");
  await page.screenshot({ path: `${SHOTS}/two-factor-step-up.png`, fullPage: true });

  await code.fill(await nextCode(DEMO.finance.email));
  await step.getByRole("button", { name: "Record signature" }).click();
  await expect(page.getByRole("status")).toContainText("Signed: agreement AGR-STEPUP-1");
});

test("the account page lists the user's sessions and signs out the others", async ({ page, browser }) => {
  const other = await browser.newContext({ userAgent: "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1" });
  const tablet = await other.newPage();
  await signIn(tablet, DEMO.admin.email);
  await signIn(page, DEMO.admin.email);
  await page.goto("/account");
  const sessions = page.getByRole("table").filter({ hasText: "This session" });
  await expect(sessions).toContainText("Safari on iPad");
  await expect(page.getByRole("heading", { name: "Two-factor sign-in" })).toBeVisible();
  await expect(page.getByText(/recovery codes left/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/account-sessions.png`, fullPage: true });

  await page.getByRole("button", { name: "Sign out all other sessions" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sign out all other sessions" }).click();
  await expect(page.getByRole("status")).toContainText(/Signed out \d+ other session/);
  await expect(page.getByText("This is your only session.")).toBeVisible();
  await tablet.goto("/");
  await expect(tablet).toHaveURL(/\/login\?redirectTo=/);
  await other.close();
});
