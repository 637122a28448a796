import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./support";

test("a manager opening /admin/users gets the 403 page", async ({ page }) => {
  await signIn(page, DEMO.manager.email);
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "You don't have access" })).toBeVisible();
});
