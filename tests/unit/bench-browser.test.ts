// The bench's virtual browser: it must send what a person's browser would (the form as the page
// filled it, the cookies the server set, the app's own origin on a post), or the mixed scenario's
// "0 errors" would measure the bench instead of the app.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync } from "node:zlib";
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Browser, fill, formFields, linkedIds, selectOptions } from "../../scripts/bench/browser";

// React's own server output, as the app renders it.
const page = renderToString(
  h(
    "main",
    null,
    h("form", { method: "post", action: "/logout" }, h("button", { type: "submit" }, "Sign out")),
    h(
      "form",
      { method: "post" },
      h("input", { type: "hidden", name: "intent", value: "reserve" }),
      h("input", { type: "hidden", name: "version", value: 7 }),
      h("input", { name: "customerName", defaultValue: 'Sam "Sid" O\'Neill & Co' }),
      h("select", { name: "channel", defaultValue: "distance" }, h("option", { value: "in_store" }, "In store"), h("option", { value: "distance" }, "At a distance")),
      h("select", { name: "lenderId", defaultValue: "" }, h("option", { value: "" }, "Choose"), h("option", { value: "lender-a" }, "A"), h("option", { value: "lender-b" }, "B")),
      h("select", { name: "refundable" }, h("option", { value: "yes" }, "Yes"), h("option", { value: "no" }, "No")),
      h("textarea", { name: "depositTerms", defaultValue: "Refundable\nwithin 14 days <in writing>" }),
      h("input", { type: "checkbox", name: "vulnerable", defaultChecked: true }),
      h("input", { type: "checkbox", name: "guarantorRequired" }),
      h("input", { name: "locked", defaultValue: "x", disabled: true }),
      h("button", { type: "submit", name: "intent", value: "other" }, "Go"),
    ),
    h("a", { href: "/stock/0b9f1c7e-8d1a-4f4e-9a43-3f1f2d8c1a01" }, "LPC1"),
    h("a", { href: "/stock/0b9f1c7e-8d1a-4f4e-9a43-3f1f2d8c1a01/edit" }, "Edit"),
    h("a", { href: "/stock/new" }, "New"),
  ),
);

describe("formFields reads a form as a browser submits it", () => {
  test("every field with the value the page put in it; unchecked boxes, disabled fields and buttons left out", () => {
    expect(formFields(page, "intent", "reserve")).toEqual([
      ["intent", "reserve"],
      ["version", "7"],
      ["customerName", 'Sam "Sid" O\'Neill & Co'],
      ["channel", "distance"],
      ["lenderId", ""],
      ["refundable", "yes"],
      ["depositTerms", "Refundable\nwithin 14 days <in writing>"],
      ["vulnerable", "on"],
    ]);
  });

  test("no form with that field is null, not another form", () => {
    expect(formFields(page, "intent", "release")).toBeNull();
  });

  test("a select's choices, for a field left for the person to choose", () => {
    expect(selectOptions(page, { name: "intent", value: "reserve" }, "lenderId")).toEqual(["lender-a", "lender-b"]);
  });

  test("fill replaces what the person types and keeps the rest", () => {
    expect(fill([["a", "1"], ["b", "2"]], { b: "3", c: "4" })).toEqual([["a", "1"], ["b", "3"], ["c", "4"]]);
  });

  test("linkedIds are the rows' pages only", () => {
    expect(linkedIds(page, "stock")).toEqual(["0b9f1c7e-8d1a-4f4e-9a43-3f1f2d8c1a01"]);
  });
});

describe("Browser", () => {
  const seen: { method: string; cookie?: string; origin?: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      seen.push({ method: req.method!, cookie: req.headers.cookie, origin: req.headers.origin, body });
      if (req.url === "/login") {
        res.writeHead(302, { Location: "/", "Set-Cookie": ["laguna_session=abc123; Path=/; HttpOnly", "laguna_toast=hello; Max-Age=60; Path=/"] });
        return res.end();
      }
      // The page that shows the toast clears it (Remix's cookie still carries a value: "" encoded), and
      // answers in brotli as it would to Chrome.
      res.writeHead(200, { "Content-Encoding": "br", "Set-Cookie": "laguna_toast=IiI%3D; Max-Age=0; Path=/" });
      res.end(brotliCompressSync(Buffer.from("<h1>Welcome</h1>")));
    });
  });
  let base: URL;
  beforeAll(async () => {
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

  test("signs in through the form from its own origin, keeps the session, and drops a cookie the server clears", async () => {
    const browser = new Browser(base);
    try {
      expect(await browser.signIn("sam@laguna.example", "a password & more")).toBe(true);
      const post = seen.find((r) => r.method === "POST")!;
      expect(post.origin).toBe(base.origin);
      expect(new URLSearchParams(post.body).get("password")).toBe("a password & more");

      const first = await browser.get("/");
      expect(first.html).toBe("<h1>Welcome</h1>");
      expect(seen.at(-1)!.cookie).toBe("laguna_session=abc123; laguna_toast=hello");
      await browser.get("/");
      expect(seen.at(-1)!.cookie).toBe("laguna_session=abc123");
    } finally {
      browser.close();
    }
  });
});
