import { expect, test } from "@playwright/test";
import { DEDICATED_PASSWORD, DEDICATED_USERS, DEMO, mainNav, signIn, signOut, submitSignIn } from "./support";

const ADMIN_LINKS = ["Users", "Branches", "Audit log"];

test.describe("navigation by role", () => {
  test("an admin sees Dashboard, Users, Branches and Audit log", async ({ page }) => {
    await signIn(page, DEMO.admin.email);
    for (const name of ["Dashboard", ...ADMIN_LINKS]) {
      await expect(mainNav(page).getByRole("link", { name, exact: true })).toBeVisible();
    }
    await expect(page.getByRole("link", { name: DEMO.admin.name })).toHaveAttribute("href", "/account");
  });

  for (const role of ["manager", "finance"] as const) {
    test(`a ${role} sees the dashboard but not the admin pages`, async ({ page }) => {
      await signIn(page, DEMO[role].email);
      await expect(mainNav(page).getByRole("link", { name: "Dashboard", exact: true })).toBeVisible();
      for (const name of ADMIN_LINKS) {
        await expect(mainNav(page).getByRole("link", { name, exact: true })).toHaveCount(0);
      }
      await expect(page.getByRole("link", { name: DEMO[role].name })).toBeVisible();
    });
  }
});

test("a wrong password shows the error, stays on /login and keeps the email", async ({ page }) => {
  await page.goto("/login");
  await submitSignIn(page, DEMO.manager.email, "not-the-password");
  await expect(page.getByRole("alert")).toContainText("That email and password don't match an active account.");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel("Email")).toHaveValue(DEMO.manager.email);
});

test("five wrong passwords lock the account, even against the right password", async ({ page }) => {
  const { email } = DEDICATED_USERS.lockout;
  await page.goto("/login");
  for (let attempt = 1; attempt <= 5; attempt++) {
    await submitSignIn(page, email, `wrong-password-${attempt}`);
    await expect(page.getByRole("alert")).toContainText("don't match");
  }
  await submitSignIn(page, email, DEDICATED_PASSWORD);
  await expect(page.getByRole("alert")).toContainText("Too many failed sign-ins");
  await expect(page).toHaveURL(/\/login/);
});

test("signing out returns to /login, and / then asks to sign in again", async ({ page }) => {
  await signIn(page, DEMO.finance.email);
  await signOut(page);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2F$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("a changed password works at the next sign-in and the old one no longer does", async ({ page }) => {
  const { email, name } = DEDICATED_USERS.passwordChange;
  const newPassword = "a brand new password 42";
  await signIn(page, email, DEDICATED_PASSWORD);
  await page.getByRole("link", { name }).click();
  await expect(page).toHaveURL("/account");

  await page.getByLabel("Current password", { exact: true }).fill(DEDICATED_PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("New password again", { exact: true }).fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Password changed");

  await signOut(page);
  await submitSignIn(page, email, DEDICATED_PASSWORD);
  await expect(page.getByRole("alert")).toContainText("don't match");
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, email, newPassword);
  await expect(page.getByRole("link", { name })).toBeVisible();
});
