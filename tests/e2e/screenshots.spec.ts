import { expect, test } from "@playwright/test";
import { DEMO, SCREENSHOTS, signIn } from "./support";

// Pictures for a person to look over (test-results/ is git-ignored); each waits for real content first.
test("the sign-in page renders its form", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1, name: "Laguna Admin" })).toBeVisible();
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.screenshot({ path: `${SCREENSHOTS}/sign-in.png`, fullPage: true });
});

test.describe("at tablet width (768px)", () => {
  test.use({ viewport: { width: 768, height: 1024 } });

  test("the dashboard shows the manager's branches", async ({ page }) => {
    await signIn(page, DEMO.manager.email);
    const branches = page.getByRole("region", { name: "Your branches" });
    await expect(branches.getByRole("heading", { level: 3 })).toHaveText(["Laguna Motorcycles", "Laguna Performance Centre"]);
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard-768.png`, fullPage: true });
  });
});
