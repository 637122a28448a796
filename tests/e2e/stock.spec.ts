import { expect, test, type Page } from "@playwright/test";
import { DEDICATED_PASSWORD, DEDICATED_USERS, DEMO, SCREENSHOTS, signIn } from "./support";

/** Opens the first bike in stock at Laguna Motorcycles (the demo manager's branch). */
async function openFirstKtmBikeInStock(page: Page) {
  await page.goto("/stock?branch=laguna-ktm&status=in_stock&sort=stockNumber&dir=asc");
  const link = page.locator("table.data tbody tr td a").first();
  const stockNumber = (await link.textContent())!.trim();
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(stockNumber);
  return { stockNumber, url: page.url() };
}

async function reserve(page: Page, customer: string) {
  await page.getByText("Reserve", { exact: true }).click();
  await page.getByLabel("Customer name").fill(customer);
  await page.getByLabel("Customer phone or email").fill("07700 900123");
  await page.getByLabel("Deposit (£)").fill("250");
  await page.getByLabel("Deposit terms told to the customer").fill("Refundable until collection.");
  await page.getByRole("button", { name: "Reserve this bike" }).click();
}

test("a manager filters, sorts and pages the stock table, all kept in the URL", async ({ page }) => {
  await signIn(page, DEMO.manager.email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Stock" }).click();
  const filters = page.getByRole("search", { name: "Filter stock" });
  await filters.getByLabel("Status").selectOption("in_stock");
  await filters.getByLabel("Rows per page").selectOption("25");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=in_stock/);
  await expect(page.locator("table.data tbody tr")).toHaveCount(25);
  await expect(page.locator("table.data tbody tr").first()).toContainText("In stock");

  await page.getByRole("columnheader", { name: /Price/ }).getByRole("button").click();
  await expect(page).toHaveURL(/sort=price/);
  const headers = await page.locator("table.data thead th").allTextContents();
  const priceColumn = headers.findIndex((text) => text.includes("Price")) + 1;
  const prices = (await page.locator(`table.data tbody tr > :nth-child(${priceColumn})`).allTextContents()).map((text) => Number(text.replace(/[^0-9.]/g, "")));
  const ascending = new URL(page.url()).searchParams.get("dir") === "asc";
  expect(new Set(prices).size, "a page of different prices, so the order shows").toBeGreaterThan(1);
  expect(prices).toEqual([...prices].sort((a, b) => (ascending ? a - b : b - a)));

  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText(/Showing 26–/)).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/stock.png`, fullPage: true });

  await filters.getByLabel("Branch").selectOption("laguna-ktm");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/branch=laguna-ktm/);
  for (const branch of await page.locator("table.data tbody tr td:nth-child(4)").allTextContents()) expect(branch).toContain("Laguna Motorcycles");
});

test("a manager reserves a bike, sells it and delivers it", async ({ page }) => {
  await signIn(page, DEMO.manager.email);
  await openFirstKtmBikeInStock(page);
  await reserve(page, "Jo Rider");
  await expect(page.getByRole("status")).toContainText("Reserved for Jo Rider");
  await expect(page.getByRole("heading", { name: "Reserved", level: 2 })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/stock-detail.png`, fullPage: true });

  await page.getByText("Record a sale", { exact: true }).click();
  // The sale goes to whoever holds the reservation: their customer record is chosen already.
  await expect(page.getByRole("radio", { name: /^Jo Rider/ })).toBeChecked();
  await page.getByRole("button", { name: "Record sale" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Record sale" }).click();
  await expect(page.getByRole("status")).toContainText("Sold to Jo Rider");

  await page.getByText("Delivery", { exact: true }).click();
  await page.getByRole("button", { name: "Mark as delivered" }).click();
  await expect(page.getByRole("status")).toContainText("Marked as delivered");
  await expect(page.locator(".page-header .badge")).toHaveText("Delivered");
  await expect(page.getByRole("region", { name: "Timeline" })).toContainText("Sold to Jo Rider");
});

test("a manager sends a transfer that the receiving branch's manager receives", async ({ page, browser }) => {
  await signIn(page, DEMO.manager.email);
  const { url, stockNumber } = await openFirstKtmBikeInStock(page);
  await page.getByText("Send to another branch", { exact: true }).click();
  await page.getByLabel("Send to").selectOption({ label: "Laguna Triumph" });
  await page.getByRole("button", { name: "Send transfer" }).click();
  await expect(page.getByRole("status")).toContainText("in transit");

  const receiverContext = await browser.newContext();
  const receiver = await receiverContext.newPage();
  await signIn(receiver, DEDICATED_USERS.receiver.email, DEDICATED_PASSWORD);
  await receiver.goto(url);
  await receiver.getByRole("button", { name: "Receive at Laguna Triumph" }).click();
  await expect(receiver.getByRole("status")).toContainText("Transfer received");
  await expect(receiver.getByText(/^Laguna Triumph ·/)).toBeVisible();
  await receiver.goto(`/stock?branch=laguna-triumph&q=${stockNumber}`);
  await expect(receiver.locator("table.data tbody tr")).toHaveCount(1);
  await receiverContext.close();
});

test("of two people reserving one bike at once, the second is told who holds it", async ({ page, browser }) => {
  await signIn(page, DEMO.manager.email);
  const { url } = await openFirstKtmBikeInStock(page);

  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, DEMO.admin.email);
  await other.goto(url);

  await reserve(page, "First Customer");
  await expect(page.getByRole("status")).toContainText("Reserved for First Customer");
  await reserve(other, "Second Customer");
  const refusal = other.getByRole("alert").filter({ hasText: "Someone else reserved this bike first" }).first();
  await expect(refusal).toContainText("First Customer");
  // The page reloads the bike, so it shows who holds it now.
  await expect(other.locator(".page-header .badge")).toHaveText("Reserved");
  await other.screenshot({ path: `${SCREENSHOTS}/stock-taken.png`, fullPage: true });
  await otherContext.close();
});
