import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { DEMO, SCREENSHOTS, mainNav, signIn, signOut } from "./support";

const SCREENS = process.env.SCREENS_DIR ?? SCREENSHOTS;
const shot = (name: string) => `${SCREENS}/${process.env.SCREENS_DIR ? "export-" : ""}${name}.png`;
const londonToday = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());

test("the compliance officer exports the oversight figures for a period, and a branch manager can't", async ({ page }) => {
  test.setTimeout(120_000); // two sign-ins, a download and axe over a long page, on a shared machine
  await signIn(page, DEMO.compliance.email);
  await mainNav(page).getByRole("link", { name: "Oversight export" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Oversight export" })).toBeVisible();
  // Left empty, the period is the last full half-year.
  await expect(page.getByRole("heading", { level: 2, name: /\(the last full half-year\)$/ })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Complaints (DISP 1.10 half-yearly return)" })).toBeVisible();
  await page.screenshot({ path: shot("default-period"), fullPage: true });

  // The demo's year so far: its deals, complaints and breach.
  const today = londonToday();
  await page.getByLabel("First day").fill(`${today.slice(0, 4)}-01-01`);
  await page.getByLabel("Last day (included)").fill(today);
  await page.getByRole("button", { name: "Show figures" }).click();
  await expect(page).toHaveURL(/from=\d{4}-01-01&to=/);
  await expect(page.locator("#complaints-all caption")).toHaveText("All complaints");
  await expect(page.locator("#complaints-all").getByRole("row", { name: /^Redress paid £/ })).toBeVisible();
  await expect(page.locator("#deals-branch tbody tr")).toHaveCount(6);
  await page.screenshot({ path: shot("year-to-date"), fullPage: true });
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  // On a tablet in portrait: the totals as lists, the breakdowns scroll sideways within their own region.
  await page.setViewportSize({ width: 820, height: 1180 });
  await page.screenshot({ path: shot("tablet") });
  await page.setViewportSize({ width: 1280, height: 720 });

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const csv = readFileSync(await (await download).path(), "utf8").replace(/^\uFEFF/, "");
  expect(csv.split("\r\n")[0]).toBe("period_from,period_to,section,dimension,key,label,figure,unit,value");
  expect(csv).toContain(`${today.slice(0, 4)}-01-01,${today},complaints,all,all,All complaints,opened,count,`);

  // The last day before the first: said beside the field, the days typed kept.
  await page.getByLabel("First day").fill(`${today.slice(0, 4)}-03-01`);
  await page.getByLabel("Last day (included)").fill(`${today.slice(0, 4)}-02-01`);
  await page.getByRole("button", { name: "Show figures" }).click();
  await expect(page.getByText("The last day can't be before the first day.")).toBeVisible();
  await expect(page.getByLabel("First day")).toHaveValue(`${today.slice(0, 4)}-03-01`);
  await expect(page.getByRole("link", { name: "Download CSV" })).toHaveCount(0);
  const axeRefused = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axeRefused.violations.map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: shot("bad-period"), fullPage: true });

  await signOut(page);
  await signIn(page, DEMO.manager.email);
  await expect(mainNav(page).getByRole("link", { name: "Oversight export" })).toHaveCount(0);
  const refused = await page.goto("/compliance/export");
  expect(refused?.status()).toBe(403);
});
