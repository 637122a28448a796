// Every page of the app, as each role and signed out, checked by axe-core against WCAG 2.1 A and AA.
// The pages come from app/routes, so a new page is checked the day it is added: a route with a
// parameter gets the id of the first record its list links to (as that role sees it).
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { readdirSync, readFileSync } from "node:fs";
import { DEMO, signIn } from "./support";

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const ROUTES_DIR = "app/routes";

/** A page route's path pattern from its file name (Remix v2 flat routes), or null for layouts and resources. */
function pagePath(file: string): string | null {
  if (!file.endsWith(".tsx")) return null; // resource routes (.ts) answer CSV, JSON or redirects
  if (!/export default function/.test(readFileSync(`${ROUTES_DIR}/${file}`, "utf8"))) return null;
  const segments = file.replace(/\.tsx$/, "").split(".");
  if (segments.length === 1 && segments[0]!.startsWith("_")) return null; // a pathless layout
  const parts = segments
    .filter((segment) => !segment.startsWith("_")) // pathless layouts (_app) and _index
    .map((segment) => (segment === "$" ? "no-such-page" : segment.replace(/_$/, "")));
  return `/${parts.join("/")}`;
}

const PAGE_PATHS = readdirSync(ROUTES_DIR)
  .map(pagePath)
  .filter((path): path is string => path !== null)
  .sort();
const PUBLIC_PATHS = ["/login", "/site/offers"];

/** The id of the first record `list` links to, for a path like /stock/$id/edit. */
async function firstIdOn(page: Page, list: string) {
  await page.goto(list);
  const hrefs = await page.locator(`main a[href^="${list}/"]`).evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const id = hrefs.map((href) => /\/([0-9a-f-]{36})$/.exec(href)?.[1]).find(Boolean);
  return id ?? "00000000-0000-4000-8000-000000000000"; // none visible to this role: its 404 page is checked
}

/** The pages' addresses for the signed-in role: each $id filled from the list before it. */
async function addresses(page: Page) {
  const ids = new Map<string, string>();
  const out: string[] = [];
  for (const path of PAGE_PATHS.filter((p) => !PUBLIC_PATHS.includes(p))) {
    const at = path.indexOf("/$");
    if (at === -1) {
      // A list's first 10 rows show every kind of cell; axe reads a fifth of the page.
      out.push(`${path}?size=10`);
      continue;
    }
    const list = path.slice(0, at);
    if (!ids.has(list)) ids.set(list, await firstIdOn(page, list));
    out.push(path.replace(/\$[a-zA-Z]+/, ids.get(list)!));
  }
  return out;
}

/** axe's findings on the page as it stands, every closed panel opened so its form is checked too. */
async function violationsOn(page: Page, address: string, refusalsSeen = new Set<number>()) {
  const status = (await page.goto(address))?.status() ?? 0;
  // Every 403 (or 404) page is the same page: checked once per role, to keep the run short.
  if (status === 403 || status === 404) {
    if (refusalsSeen.has(status)) return [];
    refusalsSeen.add(status);
  }
  await page.locator("details:not([open]) > summary").evaluateAll((summaries) => summaries.forEach((s) => ((s.parentElement as HTMLDetailsElement).open = true)));
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return violations.map((v) => `${address}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
}

test("derives the pages from app/routes, parameters and all", () => {
  expect(PAGE_PATHS).toEqual(expect.arrayContaining(["/", "/stock", "/stock/$id", "/stock/$id/edit", "/finance/$id/evidence", "/finance/report", "/site/offers", "/login", "/no-such-page"]));
  expect(PAGE_PATHS).not.toContain("/stock.csv");
});

test("the public pages and the sign-in page have no WCAG 2.1 AA violations", async ({ page }) => {
  const found: string[] = [];
  for (const address of [...PUBLIC_PATHS, "/login?reason=deactivated"]) found.push(...(await violationsOn(page, address)));
  expect(found).toEqual([]);
});

// Three tabs of one signed-in browser share the pages: a page's load and axe's run overlap another's.
const TABS = 3;

for (const role of ["admin", "manager", "finance", "compliance"] as const) {
  test(`every page signed in as ${role} has no WCAG 2.1 AA violations`, async ({ page }) => {
    test.setTimeout(180_000);
    await signIn(page, DEMO[role].email);
    const found: string[] = [];
    const refusalsSeen = new Set<number>();
    const queue = await addresses(page);
    const tabs = [page, ...(await Promise.all(Array.from({ length: TABS - 1 }, () => page.context().newPage())))];
    await Promise.all(
      tabs.map(async (tab) => {
        for (let address = queue.shift(); address !== undefined; address = queue.shift()) found.push(...(await violationsOn(tab, address, refusalsSeen)));
      }),
    );
    expect(found).toEqual([]);
  });
}
