import { expect, test, type Page } from "@playwright/test";
import { DEMO, SCREENSHOTS, signIn } from "./support";

const SCREENS = process.env.SCREENS_DIR ?? SCREENSHOTS;

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
    ["Customer's deposit (£)", "1000"],
    ["Amount of credit (£)", "6000"],
    ["Duration (months)", "36"],
    ["Number of monthly payments", "36"],
    ["Rate of interest (%)", "8.9"],
    ["APR (%)", "9.3"],
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

test("a PCP deal the lender accepts on different terms is signed on the lender's figures, checked live as they are typed", async ({ page }) => {
  await signIn(page, DEMO.finance.email);
  await page.goto("/finance/new");
  await page.getByLabel("Branch").selectOption({ label: "Maidstone Honda" });
  await page.getByLabel("Customer name").fill("Pat Counter");
  await page.getByLabel("Date of birth").fill("1985-07-02");
  await page.getByLabel("Phone or email", { exact: true }).fill("pat@example.com");
  await page.getByLabel("Description (if not from stock)").fill("Honda NT1100, used");
  await page.getByLabel("Make (if not from stock)").fill("Honda");
  await page.getByLabel("Product").selectOption("pcp");
  // £9,000 − £1,000 = £8,000 over 48 months: 47 × £150 and £3,500 in month 48. Worked apart from the
  // app: 11.4% APR, charge £2,550, total payable £11,550. Typed first with a wrong APR of 6.9%.
  const figures: [string, string][] = [
    ["Cash price (£)", "9000"],
    ["Customer's deposit (£)", "1000"],
    ["Amount of credit (£)", "8000"],
    ["Duration (months)", "48"],
    ["Number of monthly payments", "47"],
    ["Monthly payment (£)", "150"],
    ["Final payment (£)", "3500"],
    ["Final payment in month", "48"],
    ["Rate of interest (%)", "10.8"],
    ["APR (%)", "6.9"],
    ["Total charge for credit (£)", "2550"],
    ["Total amount payable (£)", "11550"],
  ];
  for (const [label, value] of figures) await page.getByLabel(label, { exact: true }).fill(value);
  const live = page.getByRole("complementary", { name: "Computed figures" });
  await expect(live).toContainText("11.4%");
  await expect(live).toContainText("47 × £150.00 from month 1, then £3,500.00 in month 48");
  await expect(live).toContainText("The figures give 11.4% APR, not 6.9%");
  await page.screenshot({ path: `${SCREENS}/deal-form-computed-figures.png`, fullPage: true });

  // The server refuses the same, by the field, keeping what was typed.
  await page.getByRole("button", { name: "Record introduction" }).click();
  await expect(page.getByText("The figures give 11.4% APR, not 6.9%: £150.00 × 47 + a final £3,500.00 on £8,000.00 of credit.").first()).toBeVisible();
  await expect(page.getByLabel("Number of monthly payments")).toHaveValue("47");
  await page.getByLabel("APR (%)", { exact: true }).fill("11.4");
  await expect(live).toContainText("The stated figures agree.");
  await page.getByRole("button", { name: "Record introduction" }).click();
  await expect(page.getByRole("status")).toContainText("Recorded introduction FIN-");

  await submitStep(page, "1. Give the disclosure", async () => {}, "Record disclosure", /Disclosure recorded/);
  await submitStep(page, "2. Record consent", async (s) => void (await s.getByLabel("How").selectOption("signed_paper")), "Record consent", /Consent recorded/);
  await submitStep(page, "3. Propose to a lender", async () => {}, "Record proposal", /Proposal recorded/);

  // The lender counters at a higher rate: 47 × £165, 14.6% APR, charge £3,255, total £12,255 (worked apart).
  const answer = await openStep(page, "answer");
  await answer.getByLabel("Answer").selectOption("countered");
  await answer.getByLabel("Monthly payment (£)", { exact: true }).fill("165");
  await answer.getByLabel("Rate of interest (%)", { exact: true }).fill("13.9");
  await answer.getByLabel("Total charge for credit (£)", { exact: true }).fill("3255");
  await answer.getByLabel("Total amount payable (£)", { exact: true }).fill("12255");
  const answerLive = answer.getByRole("complementary", { name: "Computed figures" });
  await expect(answerLive).toContainText("The figures give 14.6% APR, not 11.4%");
  await answer.getByLabel("APR (%)", { exact: true }).fill("14.6");
  await expect(answerLive).toContainText("The stated figures agree.");
  await page.screenshot({ path: `${SCREENS}/lender-counter-offer-computed-figures.png`, fullPage: true });
  await answer.getByRole("button", { name: "Record answer" }).click();
  await expect(page.getByRole("status")).toContainText("accepted on different terms");
  await expect(page.getByText(/Accepted on different terms/).first()).toBeVisible();

  await submitStep(page, "4. Confirm the exact commission", async () => {}, "Record confirmation", /Commission confirmed/);
  await submitStep(page, "5. Sign", async (s) => void (await s.getByLabel("Agreement number").fill("AGR-COUNTER-1")), "Record signature", /Signed: agreement AGR-COUNTER-1/);
  // The deal now shows the figures as signed: the lender's terms, not the proposal's.
  await expect(page.getByRole("heading", { name: "As signed" })).toBeVisible();
  await expect(page.getByText("47 × £165.00 from month 1, then £3,500.00 in month 48").first()).toBeVisible();
  await expect(page.getByText("£12,255.00").first()).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/deal-signed-on-counter-offer.png`, fullPage: true });
});
