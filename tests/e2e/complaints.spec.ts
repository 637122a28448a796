import { expect, test } from "@playwright/test";
import { DEMO, SCREENSHOTS, signIn } from "./support";

const SCREENS = process.env.SCREENS_DIR ?? SCREENSHOTS;

test("a complaint about a deal goes from receipt to final response, and the deal shows the legal hold", async ({ page }) => {
  await signIn(page, DEMO.compliance.email);
  await expect(page.getByRole("region", { name: "Complaints" }).getByRole("heading", { name: "Overdue" })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/dashboard-compliance.png`, fullPage: true });

  // A signed Kent Motorcycles deal (another branch than any the compliance user is assigned: they cover all).
  await page.goto(`/finance?${new URLSearchParams({ q: "Lucy Hall" })}`);
  await page.getByRole("table").getByRole("link", { name: /^FIN-/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /Lucy Hall/ })).toBeVisible();
  const dealUrl = page.url();
  await expect(page.locator(".page-header .badge.danger", { hasText: "Legal hold" })).toHaveCount(0);

  await page.getByRole("link", { name: "Record a complaint" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Record a complaint" })).toBeVisible();
  await expect(page.getByLabel("Finance deal reference")).toHaveValue(/^FIN-/);
  // Sent empty first: each missing field says what it needs, and what was typed stays.
  await page.getByLabel("Complainant's name").fill("Lucy Hall");
  await page.getByRole("button", { name: "Record the complaint" }).click();
  await expect(page.getByText("Choose how the complaint was received.")).toBeVisible();
  await expect(page.getByLabel("Complainant's name")).toHaveValue("Lucy Hall");
  await page.getByLabel("How it was received").selectOption({ label: "Email" });
  await page.getByLabel("Contact details").fill("lucy.hall@example.com");
  await page.getByLabel("Category").selectOption({ label: "Finance and commission" });
  await page.getByLabel("The complaint").fill("The commission went up after I was first told the amount, and I was asked to consent again at short notice.");
  await page.getByLabel("What the customer wants").fill("An explanation and the difference refunded.");
  await page.screenshot({ path: `${SCREENS}/complaint-new.png`, fullPage: true });
  await page.getByRole("button", { name: "Record the complaint" }).click();
  await expect(page.getByRole("status")).toContainText(/Recorded complaint CMP-\d{5}\. The deal is now on legal hold\./);
  await expect(page.getByRole("heading", { level: 1, name: /Complaint CMP-/ })).toContainText("Open");
  await expect(page.getByText("Summary resolution by")).toBeVisible();

  const addStep = async (kind: string, fill: () => Promise<void>, toast: string) => {
    await page.getByLabel("Step", { exact: true }).selectOption({ label: kind });
    await fill();
    await page.getByRole("button", { name: "Add the step" }).click();
    await expect(page.getByRole("status")).toContainText(toast);
  };
  await addStep("Acknowledged", () => page.getByLabel("Note").fill("Acknowledged by email."), "Acknowledged recorded.");
  // A final response needs its outcome: refused with the reason beside the field.
  await addStep("Final response", () => page.getByLabel("Note").fill("We explained the fee change."), "");
  await expect(page.getByText("Choose whether the final response upholds the complaint.")).toBeVisible();
  await page.getByLabel("Outcome").selectOption({ label: "Partly upheld" });
  await page.getByRole("button", { name: "Add the step" }).click();
  await expect(page.getByRole("status")).toContainText("Final response recorded.");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Final response sent");
  await expect(page.getByText(/the customer may refer until the end of/)).toBeVisible();
  await expect(page.getByRole("region", { name: "The complaint" }).getByText("Legal hold")).toBeVisible();
  await expect(page.getByRole("heading", { name: /Legal hold on FIN-/ })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/complaint-detail.png`, fullPage: true });

  // The deal's own page shows the hold, placed by the complaint as a dated entry.
  await page.goto(dealUrl);
  await expect(page.locator(".page-header .badge.danger", { hasText: "Legal hold" })).toBeVisible();
  await expect(page.getByText(/Complaint CMP-\d{5} received: the deal's whole record is kept/)).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/deal-under-legal-hold.png`, fullPage: true });

  await page.goto("/complaints?view=overdue");
  await expect(page.getByRole("table").getByText("Overdue", { exact: true }).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/complaints-overdue.png`, fullPage: true });
  await page.goto("/complaints?view=all");
  await expect(page.getByRole("table").getByRole("link", { name: /^CMP-/ }).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/complaints-list.png`, fullPage: true });
});

test.describe("at tablet width (768px)", () => {
  test.use({ viewport: { width: 768, height: 1024 } });

  test("a manager sees only their branches' complaints", async ({ page }) => {
    await signIn(page, DEMO.manager.email);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Complaints" }).click();
    await page.getByRole("link", { name: /^All/ }).click();
    await expect(page.getByRole("table").getByRole("cell", { name: "Laguna Triumph" })).toHaveCount(0);
    await page.screenshot({ path: `${SCREENS}/complaints-list-768.png`, fullPage: true });
  });
});

test("the compliance officer works through the breach log", async ({ page }) => {
  await signIn(page, DEMO.compliance.email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Breach log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Breach log" })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/breaches-list.png`, fullPage: true });
  await page.getByRole("table").getByRole("link", { name: /^BR-/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /Breach BR-/ })).toContainText("Open");
  await page.getByRole("button", { name: /^Mark done: Retrain/ }).click();
  await expect(page.getByRole("status")).toContainText("Action marked done.");
  await page.getByLabel("How it was put right").fill("Customers written to; staff retrained on 1 December.");
  await page.getByRole("button", { name: "Close the breach" }).click();
  await expect(page.getByRole("status")).toContainText("Breach closed.");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Closed");
  await page.screenshot({ path: `${SCREENS}/breach-detail.png`, fullPage: true });
});
