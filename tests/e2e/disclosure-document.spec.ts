import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { PDFDocument } from "pdf-lib";
import { DEDICATED_PASSWORD, DEDICATED_USERS, DEMO, SCREENSHOTS, signIn, signOut } from "./support";

const SCREENS = process.env.SCREENS_DIR ?? SCREENSHOTS;
mkdirSync(SCREENS, { recursive: true });

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

/** Prints a page as Chromium does to A4 and counts the pages of the PDF. */
async function printedPages(page: Page, path: string) {
  const pdf = await page.pdf({ format: "A4", path, printBackground: false });
  return (await PDFDocument.load(pdf)).getPageCount();
}

test("a high-commission deal: disclosure document acknowledged on the tablet, reviewed by a second admin, signed, its PDF's hash as shown", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO.admin.email);
  await page.goto("/finance/new");
  await page.getByLabel("Branch").selectOption({ label: "Maidstone Honda" });
  await page.getByLabel("Customer name").fill("Sam Customer");
  await page.getByLabel("Date of birth").fill("1988-03-14");
  await page.getByLabel("Phone or email", { exact: true }).fill("sam@example.com");
  await page.getByLabel("Description (if not from stock)").fill("Honda CB650R, used");
  await page.getByLabel("Make (if not from stock)").fill("Honda");
  await page.getByLabel("Product").selectOption("hp");
  // £6,000 over 36 months at 9.3% APR: charge for credit £858 (worked apart from the app).
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
  const dealUrl = page.url();

  // Kentish pays a fixed £500: 58% of the £858 charge for credit, over the 35% review threshold.
  const kentish = (await page.locator("select[name=lenderId] option", { hasText: "Kentish Consumer Finance" }).first().getAttribute("value"))!;
  await submitStep(page, "1. Give the disclosure", async (s) => void (await s.getByLabel("Lender", { exact: true }).selectOption(kentish)), "Record disclosure", /Disclosure recorded/);
  await expect(page.getByText("Not yet acknowledged")).toBeVisible();

  // The customer acknowledges the deal's document on the shop's tablet.
  await page.getByRole("link", { name: "Acknowledge on the tablet, or upload the signed copy" }).click();
  await expect(page.getByRole("link", { name: "Open the document (PDF)" })).toBeVisible();
  await page.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByText("Type your full name.")).toBeVisible();
  await page.getByLabel("Your full name").fill("Sam Customer");
  await page.getByLabel("I have been given this document and have read it").check();
  await page.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByRole("status")).toContainText("Acknowledged on the tablet");
  await expect(page.getByText(/The customer acknowledged disclosure 1 on the shop's tablet, typing .Sam Customer./)).toBeVisible();

  await submitStep(page, "2. Record consent", async (s) => void (await s.getByLabel("How").selectOption("signed_paper")), "Record consent", /Consent recorded/);
  await submitStep(
    page,
    "3. Propose to a lender",
    async (s) => {
      await s.getByLabel("Lender", { exact: true }).selectOption(kentish);
      await s.getByLabel("Why not the manufacturer lender first (if so)").fill("The customer's credit file suits a near-prime lender.");
    },
    "Record proposal",
    /Proposal recorded/,
  );
  await submitStep(page, "answer", async (s) => void (await s.getByLabel("Answer").selectOption("accepted")), "Record answer", /accepted/);
  await submitStep(page, "4. Confirm the exact commission", async () => {}, "Record confirmation", /Commission confirmed/);
  // Signing waits for the review (its step says why).
  await expect(page.locator("details.action-panel", { has: page.locator("summary", { hasText: "5. Sign" }) })).toContainText("review it before signing");
  await signOut(page);

  // A second admin, who took no part in the deal, reviews the commission.
  await signIn(page, DEDICATED_USERS.secondAdmin.email, DEDICATED_PASSWORD);
  await page.goto(dealUrl);
  await submitStep(
    page,
    "Admin review of the commission",
    async (s) => {
      await s.getByLabel("Decision").selectOption("approved");
      await s.getByLabel("What you checked").fill("Checked the £500 fixed fee against Kentish's schedule and the customer's consent.");
    },
    "Record review",
    /Commission approved/,
  );
  await signOut(page);

  await signIn(page, DEMO.admin.email);
  await page.goto(dealUrl);
  await submitStep(page, "5. Sign", async (s) => void (await s.getByLabel("Agreement number").fill("AGR-FOUR-EYES-1")), "Record signature", /Signed: agreement AGR-FOUR-EYES-1/);
  const record = page.getByRole("region", { name: "The record, in time order" });
  await expect(record.getByText(`Commission review by ${DEDICATED_USERS.secondAdmin.name}: approved`)).toBeVisible();
  await expect(record.getByText(`agreement AGR-FOUR-EYES-1, recorded by ${DEMO.admin.name}`)).toBeVisible();
  const times = await record.locator("li > time").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("datetime")!));
  expect(times).toEqual([...times].sort());

  // The disclosure PDF as downloaded hashes to the SHA-256 the page shows.
  const shown = (await record.getByLabel("SHA-256 of disclosure 1's document").textContent())!.replace("SHA-256", "").trim();
  expect(shown).toMatch(/^[0-9a-f]{64}$/);
  const [download] = await Promise.all([page.waitForEvent("download"), record.getByRole("link", { name: "Download the customer's document (PDF)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^FIN-\d{6}-disclosure-1\.pdf$/);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(createHash("sha256").update(bytes).digest("hex")).toBe(shown);
  await page.screenshot({ path: `${SCREENS}/deal-page-timeline.png`, fullPage: true });

  // The evidence pack re-checks the hash, and prints on at most 6 A4 pages.
  await page.getByRole("link", { name: "Evidence pack" }).click();
  await expect(page.getByText("✓ hash re-checked: matches").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "What happened, in time order" })).toContainText("The customer acknowledged disclosure 1 on the shop's tablet");
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: `${SCREENS}/evidence-pack-printed.png`, fullPage: true });
  const pages = await printedPages(page, `${SCREENS}/evidence-pack.pdf`);
  console.log(`evidence pack of the e2e deal: ${pages} A4 page(s)`);
  expect(pages).toBeLessThanOrEqual(6);
});

test("the seeded deal with the fullest history prints its evidence pack on at most 6 A4 pages", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO.admin.email);
  await page.goto("/finance?size=200");
  const ids = [...new Set((await page.locator("a[href^='/finance/']").evaluateAll((links) => links.map((a) => a.getAttribute("href")!))).filter((href) => /^\/finance\/[0-9a-f-]{36}$/.test(href)))];
  expect(ids.length).toBeGreaterThan(5);
  let fullest = { href: "", events: -1 };
  for (const href of ids) {
    const pack = (await (await page.request.get(`${href}/evidence.json`)).json()) as { timeline: unknown[]; audit: unknown[] };
    const events = pack.timeline.length + pack.audit.length;
    if (events > fullest.events) fullest = { href, events };
  }
  await page.goto(`${fullest.href}/evidence`);
  await expect(page.getByRole("heading", { level: 1, name: /^Evidence pack · FIN-/ })).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: `${SCREENS}/evidence-pack-seeded-printed.png`, fullPage: true });
  const pages = await printedPages(page, `${SCREENS}/evidence-pack-seeded.pdf`);
  console.log(`evidence pack of the seeded deal ${fullest.href} (${fullest.events} events and audit rows): ${pages} A4 page(s)`);
  expect(pages).toBeLessThanOrEqual(6);
});
