import express from "express";
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendResponse } from "../../server/http/remix-handler";

const page = `<!DOCTYPE html><html><body>${"<p>Laguna stock row</p>".repeat(200)}</body></html>`;
let base: string;
let close: () => void;

beforeAll(async () => {
  const app = express();
  app.get("/page", (req, res) => void sendResponse(req, res, new Response(page, { headers: { "Content-Type": "text/html; charset=utf-8" } })));
  app.get("/small", (req, res) => void sendResponse(req, res, Response.json({ status: "ok" })));
  app.get("/image", (req, res) => void sendResponse(req, res, new Response(new Uint8Array(4096), { headers: { "Content-Type": "image/png" } })));
  app.get("/svg", (req, res) => void sendResponse(req, res, new Response(`<svg xmlns="http://www.w3.org/2000/svg">${"<g/>".repeat(400)}</svg>`, { headers: { "Content-Type": "image/svg+xml" } })));
  app.get("/cookies", (req, res) => {
    const headers = new Headers({ "Content-Type": "text/plain" });
    headers.append("Set-Cookie", "a=1; Path=/");
    headers.append("Set-Cookie", "b=2; Path=/");
    void sendResponse(req, res, new Response("ok", { status: 201, headers }));
  });
  app.get("/empty", (req, res) => void sendResponse(req, res, new Response(null, { status: 204 })));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

/** The raw reply (Node's fetch would decode the body and hide what was sent). */
function get(path: string, acceptEncoding?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { "Accept-Encoding": acceptEncoding };
    http
      .get(`${base}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

describe("responses sent whole", () => {
  it("compresses a page with brotli for a browser that takes it, with its length", async () => {
    const reply = await get("/page", "gzip, deflate, br, zstd");
    expect(reply.headers["content-encoding"]).toBe("br");
    expect(reply.headers["transfer-encoding"]).toBeUndefined();
    expect(Number(reply.headers["content-length"])).toBe(reply.body.length);
    expect(reply.body.length).toBeLessThan(page.length / 4);
    expect(zlib.brotliDecompressSync(reply.body).toString()).toBe(page);
    expect(reply.headers.vary).toMatch(/Accept-Encoding/);
  });

  it("falls back to gzip, and to none when the browser refuses both", async () => {
    const gzip = await get("/page", "gzip");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gzip.body).toString()).toBe(page);
    const plain = await get("/page", "br;q=0, gzip;q=0");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(page);
  });

  it("leaves small bodies and binary types as they are", async () => {
    const small = await get("/small", "br");
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toEqual({ status: "ok" });
    const image = await get("/image", "br");
    expect(image.headers["content-encoding"]).toBeUndefined();
    expect(image.body.length).toBe(4096);
  });

  it("compresses types written in XML or JSON, such as SVG", async () => {
    const svg = await get("/svg", "br");
    expect(svg.headers["content-encoding"]).toBe("br");
    expect(zlib.brotliDecompressSync(svg.body).toString()).toMatch(/^<svg /);
  });

  it("keeps the status and every header, each Set-Cookie on its own", async () => {
    const reply = await get("/cookies");
    expect(reply.status).toBe(201);
    expect(reply.headers["set-cookie"]).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(reply.body.toString()).toBe("ok");
    const empty = await get("/empty");
    expect(empty.status).toBe(204);
    expect(empty.body.length).toBe(0);
  });
});
