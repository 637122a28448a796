import { expect, test } from "@playwright/test";
import { DEMO, SCREENSHOTS, signIn } from "./support";

test.beforeEach(async ({ page }) => {
  await signIn(page, DEMO.admin.email);
});

test("an admin edits a branch, keeping input on an error, and finds the change in the audit log", async ({ page }) => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Branches" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Branches" })).toBeVisible();
  await page.getByRole("link", { name: "Maidstone Honda" }).click();

  const phone = page.getByLabel("Phone");
  await phone.fill("not a phone");
  await page.getByRole("button", { name: /Save/ }).click();
  await expect(page.getByText("Use digits, spaces and + ( ) - only in the phone number.")).toBeVisible();
  await expect(phone).toHaveValue("not a phone");
  await page.screenshot({ path: `${SCREENSHOTS}/branches-edit-error.png`, fullPage: true });

  await phone.fill("01632 960999");
  await page.getByRole("button", { name: /Save/ }).click();
  await expect(page.getByRole("status")).toContainText("Saved Maidstone Honda");
  await expect(page.getByRole("row", { name: /Maidstone Honda/ })).toContainText("01632 960999");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  const row = page.getByRole("row", { name: /branch\.updated/ }).first();
  await expect(row).toContainText(DEMO.admin.email);
  await row.getByRole("button", { name: /Show/ }).click();
  await expect(page.getByText("01632 960999").first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/audit.png`, fullPage: true });
});

test("an admin's sign-ins show in the audit log, filtered by action", async ({ page }) => {
  await page.goto("/admin/audit?action=auth.sign_in");
  const rows = page.getByRole("row", { name: /auth\.sign_in/ });
  await expect(rows.first()).toContainText(DEMO.admin.email);
  await expect(page.getByRole("row", { name: /branch\.created/ })).toHaveCount(0);
});

test("pages answer a friendly 404, and the account page renders", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 2, name: "Change your password" })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/account.png`, fullPage: true });
  await page.goto("/admin/users/new");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("Enter the person's full name.")).toBeVisible();
  await expect(page.getByLabel("Name")).toBeFocused();
  await page.screenshot({ path: `${SCREENSHOTS}/users-new.png`, fullPage: true });
});

test("a POST from another site is refused by the server", async ({ request }) => {
  const response = await request.post("/logout", { headers: { Origin: "https://evil.example" }, maxRedirects: 0 });
  expect(response.status()).toBe(403);
});

test.describe("at phone width", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the menu button opens the navigation (scripts run under the CSP)", async ({ page }) => {
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Users" })).toBeHidden();
    await page.getByRole("button", { name: "Menu" }).click();
    await expect(nav.getByRole("link", { name: "Users" })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/menu-390.png`, fullPage: true });
  });
});
