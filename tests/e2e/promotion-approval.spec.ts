import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "./support";

// #15 item 4: a finance offer is published only once a compliance user approves that revision.
const TITLE = "KTM 390 Adventure X at 9.7% APR, approved first";
const SHOTS = "/work/notes/shots";

async function writeFinanceDraft(page: Page) {
  const today = new Date().toISOString().slice(0, 10);
  const later = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await page.goto("/offers/new");
  await page.getByLabel("Title", { exact: true }).fill(TITLE);
  await page.getByLabel("Kind", { exact: true }).selectOption("dealer");
  await page.getByLabel("Brand", { exact: true }).selectOption("KTM");
  await page.getByLabel("First day").fill(today);
  await page.getByLabel("Last day").fill(later);
  await page.getByLabel("Summary", { exact: true }).fill("Hire purchase on a new KTM 390 Adventure X from Laguna Motorcycles.");
  await page.getByLabel("Terms and conditions").fill("Subject to status. UK residents aged 18 or over.");
  await page.getByRole("group", { name: "Branches" }).getByLabel("Laguna Motorcycles").check();
  await page.getByLabel("This offer promotes finance").check();
  // £5,400 of credit repaid by 36 × £172.50 a month after signing: 9.7% APR (offers.spec.ts works it).
  for (const [label, value] of [
    ["Representative APR (%)", "9.7"],
    ["Rate of interest (% a year)", "5.0"],
    ["Cash price (£)", "6,000"],
    ["Customer deposit (£)", "600"],
    ["Amount of credit (£)", "5,400"],
    ["Duration of the agreement (months)", "36"],
    ["Number of monthly payments", "36"],
    ["Each monthly payment (£)", "172.50"],
    ["Total amount payable (£)", "6,810"],
  ]) {
    await page.getByLabel(label!, { exact: true }).fill(value!);
  }
  await page.getByLabel("The rate of interest is fixed").check();
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(TITLE);
}

async function publish(page: Page) {
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Publish" }).click();
}

test("a compliance user approves a finance offer before a manager publishes it, and the public JSON shows the approval", async ({ page, browser }) => {
  test.setTimeout(90_000);
  await signIn(page, DEMO.manager.email);
  await writeFinanceDraft(page);
  const offerUrl = new URL(page.url()).pathname;
  const approval = page.getByRole("region", { name: "Promotion approval" });
  await expect(approval).toContainText("Awaiting approval");

  // The manager tries first: refused, with the reason, and the offer stays a draft.
  await publish(page);
  await expect(page.getByRole("alert")).toHaveText("It can't be published yet: it promotes finance, so a compliance user must approve this revision first.");
  await expect(page.getByRole("button", { name: "Approve this revision" })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/approval-publish-refused.png`, fullPage: true });

  // Compliance (two-factor sign-in) approves this revision as it stands.
  const officerContext = await browser.newContext();
  const officer = await officerContext.newPage();
  await signIn(officer, DEMO.compliance.email);
  await officer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Approvals" }).click();
  await expect(officer.getByRole("heading", { level: 1 })).toHaveText("Promotion approvals");
  await officer.getByRole("link", { name: TITLE }).click();
  await expect(officer).toHaveURL(offerUrl);
  await officer.getByRole("button", { name: "Approve this revision" }).click();
  await officer.getByRole("dialog").getByRole("button", { name: "Approve this revision" }).click();
  await expect(officer.getByRole("status")).toContainText("Approved this revision as it stands");
  const officerPanel = officer.getByRole("region", { name: "Promotion approval" });
  await expect(officerPanel).toContainText("Approved");
  await expect(officerPanel).toContainText(`${DEMO.compliance.name} (compliance)`);
  await officerPanel.getByText("The text and figures approved").click();
  await expect(officerPanel.getByRole("region", { name: "Representative example" })).toContainText("£5,400.00");
  await officer.screenshot({ path: `${SHOTS}/approval-offer-approved.png`, fullPage: true });
  await officerContext.close();

  // Now the manager publishes.
  await page.reload();
  await publish(page);
  await expect(page.getByRole("status")).toContainText("Published");
  await expect(approval).toContainText("Shown on the public offers page under this approval.");

  // The public JSON carries who approved it, when, and the text and figures approved.
  const visitor = await browser.newContext();
  const publicPage = await visitor.newPage();
  const response = await publicPage.request.get("/site/offers.json");
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { offers: { title: string; approval: { approvedBy: string; approvedByRole: string; lapsesOn: string; approvedText: { title: string }; approvedExample: { apr: string } } | null }[] };
  const offer = body.offers.find((o) => o.title === TITLE);
  expect(offer?.approval).toMatchObject({ approvedBy: DEMO.compliance.name, approvedByRole: "compliance", approvedText: { title: TITLE }, approvedExample: { apr: "9.7%" } });
  const nextYear = new Date();
  nextYear.setUTCFullYear(nextYear.getUTCFullYear() + 1);
  expect(offer!.approval!.lapsesOn.slice(0, 4)).toBe(String(nextYear.getUTCFullYear()));
  await publicPage.goto("/site/offers");
  await expect(publicPage.getByRole("article", { name: TITLE })).toContainText(`Financial promotion approved by ${DEMO.compliance.name}`);
  await publicPage.getByRole("article", { name: TITLE }).screenshot({ path: `${SHOTS}/approval-site-offer-card.png` });
  await visitor.close();
});

test("a compliance user approves a disclosure-document version and a tie, and the lists show who approved them", async ({ page }) => {
  await signIn(page, DEMO.compliance.email);
  await page.goto("/compliance/approvals");
  const documents = page.getByRole("table", { name: /Disclosure document versions and their approval/ });
  const approve = documents.getByRole("button", { name: /^Approve version/ }).first();
  await expect(approve).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/approval-queue.png`, fullPage: true });
  await approve.click();
  await expect(page.getByRole("status")).toContainText("Approved disclosure document version");
  await expect(documents).toContainText(DEMO.compliance.name);

  await page.goto("/lenders/documents");
  await expect(page.getByRole("table", { name: /Disclosure document versions/ })).toContainText(DEMO.compliance.name);
  await page.screenshot({ path: `${SHOTS}/approval-lenders-documents.png`, fullPage: true });

  await page.goto("/compliance/approvals");
  const ties = page.getByRole("table", { name: /Lender ties and their approval/ });
  await ties.getByRole("button", { name: /^Approve the tie/ }).first().click();
  await expect(page.getByRole("status")).toContainText("Approved the tie");
  await ties.getByRole("link").first().click();
  await expect(page.getByRole("table", { name: /Tie register/ })).toContainText(DEMO.compliance.name);
  await page.screenshot({ path: `${SHOTS}/approval-lender-ties.png`, fullPage: true });
});
