// What a new user meets: why they were signed out, their own branches first, a form that waits for
// "Sign in" before it posts, the finance table's key columns on a tablet, and the main flows by keyboard.
import { expect, test, type Page } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, mainNav, nextCode, SCREENSHOTS, signIn } from "./support";

const SHOTS = process.env.SCREENS_DIR ?? SCREENSHOTS;

test("a user whose session ended is told why on the sign-in page, and only in our words", async ({ page }) => {
  await signIn(page, DEMO.manager.email);
  // The session's cookie, as a browser keeps it after the server has ended the session.
  await page.context().addCookies([{ name: "laguna_session", value: "0".repeat(64), url: page.url() }]);
  await page.goto("/stock");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fstock&reason=expired$/);
  await expect(page.getByRole("status")).toHaveText("Your session has ended, so you were signed out. Sign in again to carry on where you were.");
  await page.goto("/login?reason=deactivated");
  await expect(page.getByRole("status")).toContainText("your account has been deactivated");
  await page.screenshot({ path: `${SHOTS}/login-reason-1280.png` });
  await page.goto("/login?reason=<script>hello</script>");
  await expect(page.getByRole("status")).toHaveCount(0);
});

test("a manager's stock list opens on their own branches, the whole group one click away", async ({ page }) => {
  await signIn(page, DEMO.manager.email);
  await mainNav(page).getByRole("link", { name: "Stock" }).click();
  const scope = page.getByRole("navigation", { name: "Branches shown" });
  await expect(scope.getByRole("link", { name: "My branches" })).toHaveAttribute("aria-current", "true");
  // The stock table's fourth column is the branch.
  const branches = async () => new Set(await page.locator("table.data tbody tr td:nth-child(4)").allTextContents());
  const mine = await branches();
  expect(mine.size).toBeGreaterThan(0);
  for (const name of mine) expect(["Laguna Motorcycles", "Laguna Performance Centre"]).toContain(name);
  await page.screenshot({ path: `${SHOTS}/stock-my-branches-1280.png` });
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.screenshot({ path: `${SHOTS}/stock-my-branches-768.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
  await scope.getByRole("link", { name: "All branches" }).click();
  await expect(page).toHaveURL(/scope=all/);
  await expect(scope.getByRole("link", { name: "All branches" })).toHaveAttribute("aria-current", "true");
  await expect.poll(async () => (await branches()).size).toBeGreaterThan(2);
  await page.screenshot({ path: `${SHOTS}/stock-all-branches-1280.png` });
});

test("a failed sign-in doesn't post the form again on every keystroke, password included", async ({ page }) => {
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(request.url());
  });
  await page.goto("/login");
  await page.getByLabel("Email").fill(DEMO.manager.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  expect(posts).toHaveLength(1);
  await page.getByLabel("Password").pressSequentially("still-not-right", { delay: 20 });
  await page.getByLabel("Email").press("Tab");
  await page.waitForTimeout(500);
  expect(posts).toHaveLength(1);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL("/");
  expect(posts).toHaveLength(2);
});

test("at 768 px the finance table shows status and commission without scrolling the page", async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await signIn(page, DEMO.finance.email);
  await page.goto("/finance");
  const region = page.getByRole("region", { name: "Finance introductions" });
  await expect(region).toBeVisible();
  for (const name of ["Status", "Commission"]) {
    const box = (await region.getByRole("columnheader", { name }).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(768);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
  // The rest scrolls within the table, which takes focus so the arrow keys can scroll it.
  await region.focus();
  await expect(region).toBeFocused();
  await page.screenshot({ path: `${SHOTS}/finance-768.png`, fullPage: true });
});

/** Whether the focused element is labelled, or reads, `text` (a field's label, a link's or button's words). */
const focusedIs = (text: string) =>
  `(el => !!el && ((el.labels && el.labels[0] && el.labels[0].textContent.trim().startsWith(${JSON.stringify(text)})) || el.textContent.trim().startsWith(${JSON.stringify(text)})))(document.activeElement)`;

/** Presses Tab until the focused element matches, as a keyboard user would (no clicks, no fills). */
async function tabUntil(page: Page, describe: string, expression: string) {
  for (let i = 0; i < 150; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(expression)) return;
  }
  throw new Error(`Tab never reached ${describe}`);
}
const tabToLabel = (page: Page, text: string) => tabUntil(page, `"${text}"`, focusedIs(text));

test("the main flows work by keyboard alone: sign in, reserve a bike, record a finance introduction", async ({ page }) => {
  test.setTimeout(120_000); // a keyboard user presses Tab a few hundred times
  await page.goto("/login");
  // The email field has focus on arrival.
  await page.keyboard.type(DEMO.manager.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/");

  await tabToLabel(page, "Stock");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Stock" })).toBeVisible();
  await tabToLabel(page, "In stock");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/status=in_stock/);
  await tabUntil(page, "the first bike", `document.activeElement.tagName === "A" && document.activeElement.closest("table tbody") !== null`);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/stock\/[0-9a-f-]{36}$/);
  await tabToLabel(page, "Reserve");
  await page.keyboard.press("Enter");
  await tabToLabel(page, "Customer name");
  await page.keyboard.type("Kim Keyboard");
  await tabToLabel(page, "Customer phone or email");
  await page.keyboard.type("07700 900456");
  await tabToLabel(page, "Reserve this bike");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("Reserved for Kim Keyboard");

  await signInAgainAsFinance(page);
  await tabToLabel(page, "Finance");
  await page.keyboard.press("Enter");
  await tabToLabel(page, "New introduction");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "New finance introduction" })).toBeVisible();
  const typeInto = async (label: string, text: string) => {
    await tabToLabel(page, label);
    await page.keyboard.type(text);
  };
  await typeInto("Branch", "Maidstone Honda");
  await typeInto("Customer name", "Kit Keys");
  await typeInto("Date of birth", "03141988");
  await typeInto("Phone or email", "kit@example.com");
  await typeInto("Description (if not from stock)", "Honda CB650R, used");
  await typeInto("Make (if not from stock)", "Honda");
  await typeInto("Product", "Hire");
  for (const [label, value] of [
    ["Cash price (£)", "7000"],
    ["Customer's deposit (£)", "1000"],
    ["Amount of credit (£)", "6000"],
    ["Duration (months)", "36"],
    ["Number of monthly payments", "36"],
    ["Rate of interest (%)", "8.9"],
    ["APR (%)", "9.3"],
    ["Monthly payment (£)", "190.50"],
    ["Total charge for credit (£)", "858"],
    ["Total amount payable (£)", "7858"],
  ]) {
    await tabToLabel(page, label!);
    await page.keyboard.press("Control+A");
    await page.keyboard.type(value!);
  }
  await tabToLabel(page, "Record introduction");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("Recorded introduction FIN-");
});

async function signInAgainAsFinance(page: Page) {
  await tabToLabel(page, "Sign out");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/login");
  await page.keyboard.type(DEMO.finance.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  // Finance staff have a second step: the code field has focus on arrival.
  await expect(page).toHaveURL(/\/login\/code/);
  await page.keyboard.type(await nextCode(DEMO.finance.email));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/");
}
