import { expect, test } from "@playwright/test";
import { DEMO, SCREENSHOTS, signIn } from "./support";

const TITLE = "Free heated grips on any new KTM";

test("a manager publishes a dealer offer, sees it on the public page, applies it, and can't add a manufacturer offer too", async ({ page, browser }) => {
  await signIn(page, DEMO.manager.email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Offers" }).click();
  await page.getByRole("link", { name: "New offer" }).click();
  await expect(page.getByRole("button", { name: "Save draft" })).toBeVisible();

  const today = new Date().toISOString().slice(0, 10);
  const later = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Title", { exact: true }).fill(TITLE);
  await page.getByLabel("Kind", { exact: true }).selectOption("dealer");
  await page.getByLabel("Brand", { exact: true }).selectOption("KTM");
  await page.getByLabel("First day").fill(today);
  await page.getByLabel("Last day").fill(later);
  await page.getByLabel("Summary", { exact: true }).fill("Heated grips fitted free when you buy a new KTM from Laguna Motorcycles.");
  await page.getByLabel("Terms and conditions").fill("New KTMs only. Fitting included. While stocks last.");
  await page.getByRole("group", { name: "Branches" }).getByLabel("Laguna Motorcycles").check();
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(TITLE);

  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status")).toContainText("Published");
  await page.screenshot({ path: `${SCREENSHOTS}/offer-detail.png`, fullPage: true });

  // The public page, without signing in, on a phone.
  const visitor = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const publicPage = await visitor.newPage();
  await publicPage.goto("/site/offers");
  await expect(publicPage.getByRole("heading", { name: TITLE })).toBeVisible();
  await expect(publicPage.getByText(/credit broker/i).first()).toBeVisible();
  await publicPage.screenshot({ path: `${SCREENSHOTS}/site-offers-390.png`, fullPage: true });
  await visitor.close();

  // Reserve a KTM 790 Adventure at Laguna Motorcycles, apply the dealer offer, then try KTM's own offer.
  await page.goto("/stock?branch=laguna-ktm&status=in_stock&q=790%20adventure&sort=stockNumber&dir=asc");
  await page.locator("table.data tbody tr td a").first().click();
  await page.getByText("Reserve", { exact: true }).click();
  await page.getByLabel("Customer name").fill("Alex Offer");
  await page.getByLabel("Customer phone or email").fill("alex@example.com");
  await page.getByRole("button", { name: "Reserve this bike" }).click();
  await expect(page.getByRole("status")).toContainText("Reserved for Alex Offer");

  const offers = page.getByRole("region", { name: "Offers" });
  await offers.getByRole("combobox").selectOption({ label: `${TITLE} (Dealer exclusive)` });
  await offers.getByRole("button", { name: "Apply offer" }).click();
  await expect(page.getByRole("status")).toContainText("Offer applied");
  await expect(offers.getByRole("link", { name: TITLE })).toBeVisible();

  // The picker offers only what can be applied: KTM's own offers are listed apart, with the reason.
  await expect(offers.locator("option", { hasText: "(Manufacturer)" })).toHaveCount(0);
  const blocked = offers.getByRole("listitem").filter({ hasText: "Manufacturer offers can't be combined" }).first();
  await expect(blocked).toContainText("Manufacturer: Manufacturer offers can't be combined with a dealer exclusive offer");
  const manufacturerTitle = (await blocked.getByRole("link").textContent())!;

  // Removing the dealer offer (asked first) frees the way for the manufacturer's.
  await offers.getByRole("button", { name: `Remove ${TITLE}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove offer" }).click();
  await expect(page.getByRole("status")).toContainText("Offer removed from the reservation");
  await expect(offers.getByRole("link", { name: TITLE })).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/offer-removed.png`, fullPage: true });
  await offers.getByRole("combobox").selectOption({ label: `${manufacturerTitle} (Manufacturer)` });
  await offers.getByRole("button", { name: "Apply offer" }).click();
  await expect(page.getByRole("status")).toContainText("Offer applied");
  await expect(offers.getByRole("link", { name: manufacturerTitle })).toBeVisible();
});

test("an offer refused for a wrong APR is corrected with the computed figures, published, and shown on /site/offers", async ({ page, browser }) => {
  const title = "Ride a 390 Adventure X for £172.50 a month";
  await signIn(page, DEMO.manager.email);
  await page.goto("/offers/new");
  const today = new Date().toISOString().slice(0, 10);
  const later = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Kind", { exact: true }).selectOption("dealer");
  await page.getByLabel("Brand", { exact: true }).selectOption("KTM");
  await page.getByLabel("First day").fill(today);
  await page.getByLabel("Last day").fill(later);
  await page.getByLabel("Summary", { exact: true }).fill("Hire purchase on a new KTM 390 Adventure X from Laguna Motorcycles.");
  await page.getByLabel("Terms and conditions").fill("Subject to status. UK residents aged 18 or over.");
  await page.getByRole("group", { name: "Branches" }).getByLabel("Laguna Motorcycles").check();

  // £5,400 of credit repaid by 36 × £172.50 is 9.7% APR, not the 0% typed.
  const figures = page.getByRole("region", { name: "Computed figures" });
  await expect(figures).toContainText("needs a representative example");
  await page.getByLabel("This offer promotes finance").check();
  for (const [label, value] of [
    ["Representative APR (%)", "0"],
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
  await expect(figures).toContainText("9.7%");
  await expect(figures).toContainText("The figures give 9.7% APR, not 0.0%");
  await page.screenshot({ path: `${SCREENSHOTS}/offer-form-computed-figures.png`, fullPage: true });

  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("The figures give 9.7% APR, not 0.0%: £172.50 × 36 on £5,400.00 of credit.").first()).toBeVisible();
  await expect(page.getByLabel("Representative APR (%)", { exact: true })).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Representative APR (%)", { exact: true }).fill("9.7");
  await expect(figures).toContainText("The stated figures agree with these.");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
  // A finance promotion: a compliance user approves this revision before it is published (promotion-approval.spec.ts).
  const officerContext = await browser.newContext();
  const officer = await officerContext.newPage();
  await signIn(officer, DEMO.compliance.email);
  await officer.goto(new URL(page.url()).pathname);
  await officer.getByRole("button", { name: "Approve this revision" }).click();
  await officer.getByRole("dialog").getByRole("button", { name: "Approve this revision" }).click();
  await expect(officer.getByRole("status")).toContainText("Approved this revision");
  await officerContext.close();
  await page.reload();
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status")).toContainText("Published");

  const visitor = await browser.newContext();
  const publicPage = await visitor.newPage();
  await publicPage.goto("/site/offers");
  const card = publicPage.getByRole("article", { name: title });
  await expect(card.locator(".offer-apr")).toHaveText("9.7% APR representative");
  await expect(card.getByRole("region", { name: "Representative example" })).toContainText("36 monthly payments of (the first a month after signing)");
  await publicPage.screenshot({ path: `${SCREENSHOTS}/site-offers-finance.png`, fullPage: true });
  await visitor.close();
});
