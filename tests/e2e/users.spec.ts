import { expect, test } from "@playwright/test";
import { DEMO, mainNav, SCREENSHOTS, signIn, signOut } from "./support";

test("an admin creates a user who can then sign in", async ({ page }) => {
  const newUser = { name: "Nina Newstarter", email: "nina.newstarter@laguna.example", password: "first password 2026" };
  await signIn(page, DEMO.admin.email);
  await mainNav(page).getByRole("link", { name: "Users", exact: true }).click();
  await expect(page).toHaveURL("/admin/users");
  await expect(page.getByRole("table", { name: "Users" })).toContainText(DEMO.manager.email);

  await page.getByRole("link", { name: "New user" }).click();
  await expect(page).toHaveURL("/admin/users/new");
  await page.getByLabel("Name", { exact: true }).fill(newUser.name);
  await page.getByLabel("Email", { exact: true }).fill(newUser.email);
  await page.getByLabel("Role", { exact: true }).selectOption({ label: "Finance" });
  const branches = page.getByRole("group", { name: "Branches" });
  await branches.getByRole("checkbox", { name: "Maidstone Honda" }).check();
  await page.getByLabel("First password", { exact: true }).fill(newUser.password);
  await page.getByRole("button", { name: "Create user" }).click();

  await expect(page).toHaveURL("/admin/users");
  await expect(page.getByRole("status")).toContainText(newUser.email);
  await expect(page.getByRole("table", { name: "Users" })).toContainText(newUser.email);
  await page.screenshot({ path: `${SCREENSHOTS}/users.png`, fullPage: true });

  await signOut(page);
  await signIn(page, newUser.email, newUser.password);
  await expect(page.getByRole("link", { name: newUser.name })).toBeVisible();
  await expect(page.getByText("Finance · Maidstone Honda")).toBeVisible();
});
