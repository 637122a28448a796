import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { DEDICATED_PASSWORD, DEDICATED_USERS, DEMO, SCREENSHOTS, signIn } from "./support";

test("a bike sent to another branch shows there as arriving: dashboard and stock list, with where it is going", async ({ page, browser }) => {
  await signIn(page, DEMO.admin.email);
  await page.goto("/stock?branch=maidstone-honda&status=in_stock&sort=stockNumber&dir=asc");
  const firstBike = page.locator("table.data tbody tr td a").first();
  const stockNumber = (await firstBike.textContent())!;
  await firstBike.click();
  await page.getByText("Send to another branch", { exact: true }).click();
  await page.getByLabel("Send to").selectOption({ label: "Laguna Triumph" });
  await page.getByRole("button", { name: "Send transfer" }).click();
  await expect(page.getByRole("status")).toContainText("in transit");

  // The sender still lists it under Maidstone Honda, in transit, going to Laguna Triumph.
  await page.goto(`/stock?branch=maidstone-honda&status=in_transit&q=${stockNumber}`);
  const sentRow = page.locator("table.data tbody tr", { hasText: stockNumber });
  await expect(sentRow).toContainText("Laguna Triumph");
  await expect(page.getByRole("columnheader", { name: "Going to" })).toBeVisible();

  const receiverContext = await browser.newContext();
  const receiver = await receiverContext.newPage();
  await signIn(receiver, DEDICATED_USERS.receiver.email, DEDICATED_PASSWORD);
  const arriving = receiver.getByRole("link", { name: /^Arriving: \d+ bikes? in transit to Laguna Triumph/ });
  await expect(arriving).toBeVisible();
  await receiver.screenshot({ path: `${SCREENSHOTS}/dashboard-arriving.png`, fullPage: true });
  await arriving.click();
  await expect(receiver).toHaveURL(/arriving=laguna-triumph/);
  await expect(receiver.getByLabel("Arriving at")).toHaveValue("laguna-triumph");
  const row = receiver.locator("table.data tbody tr", { hasText: stockNumber });
  await expect(row).toContainText("Maidstone Honda");
  await expect(row).toContainText("Laguna Triumph");
  await receiver.screenshot({ path: `${SCREENSHOTS}/stock-arriving.png`, fullPage: true });
  await receiverContext.close();
});

test("a double-clicked submit makes one record, and the button says it is saving", async ({ page }) => {
  await signIn(page, DEMO.manager.email);
  await page.goto("/stock/new");
  const vin = `VBKDBL${Date.now().toString().slice(-11)}`;
  await page.getByLabel("Branch").selectOption({ label: "Laguna Motorcycles" });
  await page.getByLabel("Model").selectOption({ index: 1 });
  await page.getByLabel("Condition").selectOption("new");
  await page.getByLabel("VIN").fill(vin);
  await page.getByLabel("Retail price (£)").fill("9999");
  // A slow connection: the form's POST takes 1.5 s to leave, so both clicks land while it is out.
  await page.route("**/stock/new*", async (route) => {
    if (route.request().method() === "POST") await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.continue();
  });
  const button = page.getByRole("button", { name: "Add to stock" });
  await button.dblclick();
  const saving = page.getByRole("button", { name: "Saving…" });
  await expect(saving).toBeDisabled();
  await expect(saving).toHaveAttribute("aria-busy", "true");
  await expect(page.getByRole("status")).toContainText("to stock");
  await page.unroute("**/stock/new*");

  await page.goto(`/stock?q=${vin}&status=all`);
  await expect(page.locator("table.data tbody tr")).toHaveCount(1);
});

test("the form's token makes a repeated POST (the browser's own resend) return the first bike", async ({ page }) => {
  await signIn(page, DEMO.manager.email);
  await page.goto("/stock/new");
  const vin = `VBKRPT${Date.now().toString().slice(-11)}`;
  await page.getByLabel("Branch").selectOption({ label: "Laguna Motorcycles" });
  await page.getByLabel("Model").selectOption({ index: 1 });
  await page.getByLabel("Condition").selectOption("new");
  await page.getByLabel("VIN").fill(vin);
  await page.getByLabel("Retail price (£)").fill("9999");
  // The form exactly as the page would send it, twice, past any guard in the page.
  const locations = await page.evaluate(async () => {
    const form = document.querySelector<HTMLFormElement>("main form[method='post']")!;
    const send = () => fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>), redirect: "manual" });
    const answers = await Promise.all([send(), send()]);
    return answers.map((answer) => answer.status);
  });
  expect(locations.every((status) => status === 0 || status === 302 || status === 200)).toBe(true);
  await page.goto(`/stock?q=${vin}&status=all`);
  await expect(page.locator("table.data tbody tr")).toHaveCount(1);
});

test("the import template, downloaded by a manager, is imported unchanged", async ({ page }) => {
  await signIn(page, DEMO.manager.email);
  await page.goto("/stock/import");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the template" }).click()]);
  const path = await download.path();
  const csv = readFileSync(path, "utf8");
  // It names the manager's own branches (Laguna Motorcycles and Laguna Performance Centre).
  expect(csv).toMatch(/\r\nlaguna-(ktm|performance),/);
  await page.getByLabel("CSV file").setInputFiles(path);
  await page.getByRole("button", { name: "Check file" }).click();
  const importButton = page.getByRole("button", { name: "Import 2 bikes" });
  await expect(importButton).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/import-template-checked.png`, fullPage: true });
  await importButton.click();
  await expect(page.getByRole("status")).toContainText("Imported 2 bikes");
});
