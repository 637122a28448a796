import { expect, test, type Page } from "@playwright/test";
import { DEMO, SCREENSHOTS, signIn } from "./support";

async function openStep(page: Page, title: string) {
  const step = page.locator("details.action-panel", { has: page.locator("summary", { hasText: title }) });
  if (!(await step.evaluate((el) => (el as HTMLDetailsElement).open))) await step.locator("summary").click();
  return step;
}

async function submitStep(page: Page, title: string, fill: (step: ReturnType<Page["locator"]>) => Promise<void>, button: string, toast: RegExp) {
  const step = await openStep(page, title);
  await fill(step);
  await step.getByRole("button", { name: button }).click();
  await expect(page.getByRole("status")).toContainText(toast);
}

test("a finance user takes a deal from introduction to evidence pack, past a declined first lender", async ({ page }) => {
  await signIn(page, DEMO.finance.email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Finance" }).click();
  await page.getByRole("link", { name: "New introduction" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New finance introduction" })).toBeVisible();

  await page.getByLabel("Branch").selectOption({ label: "Maidstone Honda" });
  await page.getByLabel("Customer name").fill("Sam Customer");
  await page.getByLabel("Date of birth").fill("1988-03-14");
  await page.getByLabel("Phone or email", { exact: true }).fill("sam@example.com");
  await page.getByLabel("Description (if not from stock)").fill("Honda CB650R, used");
  await page.getByLabel("Make (if not from stock)").fill("Honda");
  await page.getByLabel("Product").selectOption("hp");
  const figures: [string, string][] = [
    ["Cash price (£)", "7000"],
    ["Deposit (£)", "1000"],
    ["Amount of credit (£)", "6000"],
    ["Term (months)", "36"],
    ["Rate of interest (%)", "8.9"],
    ["APR (%)", "9.2"],
    ["Monthly payment (£)", "190.50"],
    ["Total charge for credit (£)", "858"],
    ["Total amount payable (£)", "7858"],
  ];
  for (const [label, value] of figures) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole("button", { name: "Record introduction" }).click();
  await expect(page.getByRole("status")).toContainText("Recorded introduction FIN-");

  // The manufacturer lender first: disclosure, consent, proposal, declined.
  await submitStep(page, "1. Give the disclosure", async () => {}, "Record disclosure", /Disclosure recorded/);
  await submitStep(page, "2. Record consent", async (s) => void (await s.getByLabel("How").selectOption("signed_paper")), "Record consent", /Consent recorded/);
  await submitStep(page, "3. Propose to a lender", async () => {}, "Record proposal", /Proposal recorded/);
  await submitStep(page, "answer", async (s) => void (await s.getByLabel("Answer").selectOption("declined")), "Record answer", /declined/);

  // The next lender is a new attempt, after its own disclosure and consent.
  const general = page.locator("select[name=lenderId] option", { hasNotText: "manufacturer" }).filter({ hasNotText: "Choose" }).first();
  const generalId = (await general.getAttribute("value"))!;
  await submitStep(page, "1. Give the disclosure", async (s) => void (await s.getByLabel("Lender", { exact: true }).selectOption(generalId)), "Record disclosure", /Disclosure recorded/);
  await submitStep(page, "2. Record consent", async (s) => void (await s.getByLabel("How").selectOption("signed_paper")), "Record consent", /Consent recorded/);
  await submitStep(page, "3. Propose to a lender", async (s) => void (await s.getByLabel("Lender", { exact: true }).selectOption(generalId)), "Record proposal", /Proposal recorded/);
  await submitStep(page, "answer", async (s) => void (await s.getByLabel("Answer").selectOption("accepted")), "Record answer", /accepted/);

  await submitStep(page, "4. Confirm the exact commission", async () => {}, "Record confirmation", /Commission confirmed/);
  await submitStep(page, "5. Sign", async (s) => void (await s.getByLabel("Agreement number").fill("AGR-778899")), "Record signature", /Signed: agreement AGR-778899/);
  await expect(page.getByText("Declined")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/finance-deal.png`, fullPage: true });

  await page.getByRole("link", { name: "Evidence pack" }).click();
  await expect(page.getByText("AGR-778899").first()).toBeVisible();
  await expect(page.getByText(/credit broker/i).first()).toBeVisible();
  await expect(page.getByText(/declined/i).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/finance-evidence.png`, fullPage: true });
  const json = await page.request.get(page.url().replace(/\/evidence$/, "/evidence.json"));
  expect(json.status()).toBe(200);
  const pack = (await json.json()) as { attempts: { outcome: string }[] };
  expect(pack.attempts.map((a) => a.outcome)).toEqual(["declined", "accepted"]);
});
