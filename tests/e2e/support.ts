import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "laguna-demo-2026";

export const DEMO = {
  admin: { email: "admin@laguna.example", name: "Alex Admin" },
  manager: { email: "manager@laguna.example", name: "Morgan Manager" },
  finance: { email: "finance@laguna.example", name: "Frankie Finance" },
  compliance: { email: "compliance@laguna.example", name: "Casey Compliance" },
} as const;

/**
 * Users that one spec changes (locked out, new password), so the others never notice. The web server
 * creates them with the user:create CLI before it starts (see playwright.config.ts).
 */
export const DEDICATED_PASSWORD = "dedicated-e2e-2026";
export const DEDICATED_USERS = {
  lockout: { email: "lockout@laguna.example", name: "Lee Lockout", role: "finance", branch: "maidstone-honda" },
  passwordChange: { email: "password-change@laguna.example", name: "Pat Password", role: "manager", branch: "laguna-ktm" },
  receiver: { email: "receiver@laguna.example", name: "Rae Receiver", role: "manager", branch: "laguna-triumph" },
} as const;

export const SCREENSHOTS = "test-results/screenshots";

/** Fills and sends the sign-in form, and waits for the server's answer (/login.data with single fetch). */
export async function submitSignIn(page: Page, email: string, password: string) {
  if (!new URL(page.url(), "http://x").pathname.startsWith("/login")) await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && /^\/login(\.data)?$/.test(new URL(r.url()).pathname)),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

/** Signs in through the form and lands on the dashboard. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await submitSignIn(page, email, password);
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { level: 1, name: /^Welcome,/ })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL("/login");
}

export const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });
