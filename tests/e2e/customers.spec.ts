import { expect, test } from "@playwright/test";
import { DEMO, SCREENSHOTS, signIn } from "./support";

const SCREENS = process.env.SCREENS_DIR ?? SCREENSHOTS;

// The demo's James Robinson (seed/customers.ts): a signed deal at Laguna Motorcycles, a bike bought at
// Maidstone Honda, postcode ME16 8RP; "Jim Robinson" shares his phone (a likely duplicate).
test("a manager reserves a bike for an existing customer found by postcode, then opens their history", async ({ page }) => {
  await signIn(page, DEMO.manager.email);
  // The last bike in stock (other specs take the first).
  await page.goto("/stock?branch=laguna-ktm&status=in_stock&sort=stockNumber&dir=desc");
  const link = page.locator("table.data tbody tr td a").first();
  const stockNumber = (await link.textContent())!.trim();
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(stockNumber);

  await page.getByText("Reserve", { exact: true }).click();
  const picker = page.getByRole("group", { name: "Customer", exact: true });
  // By keyboard: type the postcode, Enter searches (it doesn't send the form), then choose the result.
  await picker.getByLabel("Find a customer").fill("me16 8rp");
  await picker.getByLabel("Find a customer").press("Enter");
  await expect(picker.getByText("1 customer found.")).toBeVisible();
  await picker.getByRole("radio", { name: /James Robinson/ }).check();
  await expect(page.getByLabel("Customer name")).toHaveCount(0);
  await page.getByLabel("Deposit (£)").fill("200");
  await page.getByLabel("Deposit terms told to the customer").fill("Refundable until collection.");
  await page.screenshot({ path: `${SCREENS}/customers-reserve-picker.png`, fullPage: true });
  await page.getByRole("button", { name: "Reserve this bike" }).click();
  await expect(page.getByRole("status")).toContainText("Reserved for James Robinson");

  await page.getByRole("link", { name: "James Robinson" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "James Robinson" })).toBeVisible();
  await expect(page.getByRole("region", { name: /^Reservations \d/ }).getByRole("link", { name: new RegExp(stockNumber) })).toBeVisible();
  // His history crosses branches: the deal at Laguna Motorcycles, the bike bought at Maidstone Honda.
  await expect(page.getByRole("region", { name: /^Finance deals \d/ })).toContainText("Laguna Motorcycles");
  await expect(page.getByRole("region", { name: /^Purchases \d/ })).toContainText("Maidstone Honda");
  await page.screenshot({ path: `${SCREENS}/customers-detail.png`, fullPage: true });

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" }).click();
  await page.getByRole("search", { name: "Find customers" }).getByLabel("Search").fill("ME16 8RP");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("table").getByRole("link", { name: "James Robinson" })).toBeVisible();
  // Jim Robinson was recorded at Maidstone Honda: not one of this manager's customers.
  await expect(page.getByRole("table").getByRole("link", { name: "Jim Robinson" })).toHaveCount(0);
});

test.describe("at tablet width (768px)", () => {
  test.use({ viewport: { width: 768, height: 1024 } });

  test("an admin merges a likely duplicate, and can see what each record held", async ({ page }) => {
    await signIn(page, DEMO.admin.email);
    await page.goto("/customers?duplicates=1&q=robinson");
    await expect(page.getByRole("table").getByText("Likely duplicate").first()).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/customers-list-768.png`, fullPage: true });
    await page.getByRole("table").getByRole("link", { name: "James Robinson" }).click();
    const duplicates = page.getByRole("region", { name: "Likely duplicates" });
    await expect(duplicates).toContainText("Jim Robinson");
    await expect(duplicates).toContainText("same phone");
    await duplicates.getByLabel("Why they are the same person").fill("Same phone; Jim is James, confirmed by phone.");
    await duplicates.getByRole("button", { name: "Merge records" }).click();
    await page.getByRole("dialog", { name: "Merge these two records?" }).getByRole("button", { name: "Merge records" }).click();
    await expect(page.getByRole("status")).toContainText("Records merged");
    const merges = page.getByRole("region", { name: "Merges" });
    await expect(merges).toContainText("Jim Robinson merged into James Robinson");
    // The names differed: James's is kept, Jim's is kept in the merge record.
    await expect(merges).toContainText("Name: kept James Robinson; the other record had Jim Robinson");
    await page.screenshot({ path: `${SCREENS}/customers-merged-768.png`, fullPage: true });
  });
});
