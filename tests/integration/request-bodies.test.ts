import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { action as branchesAction } from "~/routes/_app.admin.branches";
import { action as importAction } from "~/routes/_app.stock.import";
import { startAppServer } from "../support/app-server";
import { cookieFor, makeUser, seedGroup } from "../support/factories";

type Handler = (args: { request: Request; params: Record<string, string>; context: { cspNonce: string } }) => Promise<unknown>;

const routesDir = join(process.cwd(), "app/routes");
const actionRoutes = readdirSync(routesDir).filter((file) => /export async function action/.test(readFileSync(join(routesDir, file), "utf8")));
// The one action that reads no body: any address the app doesn't have answers 404, whatever is posted.
const NOT_FOUND_ACTION = "_app.$.tsx";

const MB = 1024 * 1024;
const FORM_TYPES = "Send this form as application/x-www-form-urlencoded or multipart/form-data.";

/** What an action answered: its response, returned or thrown (or what else it returned). */
async function answer(handler: Handler, request: Request, params: Record<string, string> = { id: randomUUID() }) {
  try {
    return await handler({ request, params, context: { cspNonce: "" } });
  } catch (thrown) {
    return thrown;
  }
}

async function refusal(result: unknown) {
  expect(result).toBeInstanceOf(Response);
  const response = result as Response;
  return { status: response.status, message: await response.text() };
}

function post(path: string, body: BodyInit | null, headers: Record<string, string> = {}, init: RequestInit = {}) {
  return new Request(`http://localhost${path}`, { method: "POST", body, headers, ...init, duplex: "half" } as RequestInit);
}

/** A body of `total` bytes made on demand, counting how many bytes were pulled from it. */
function endlessBody(total: number, chunk = 64 * 1024) {
  const pulled = { bytes: 0 };
  const piece = new TextEncoder().encode("a=1&".repeat(chunk / 4));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      pulled.bytes += piece.byteLength;
      controller.enqueue(piece);
    },
  });
  return { stream, pulled };
}

const multipart = (parts: Array<{ name: string; value: string; filename?: string }>, boundary = "laguna-test-boundary") => ({
  body:
    parts
      .map(({ name, value, filename }) => {
        const disposition = `form-data; name="${name}"${filename ? `; filename="${filename}"` : ""}`;
        return `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${filename ? "Content-Type: text/csv\r\n" : ""}\r\n${value}\r\n`;
      })
      .join("") + `--${boundary}--\r\n`,
  headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
});

let admin: string;
beforeAll(async () => {
  await seedGroup();
  admin = await cookieFor(await makeUser("admin"));
});

describe("request bodies", () => {
  it("knows the actions it checks (every route module with an action)", () => {
    expect(actionRoutes).toContain("login.tsx");
    expect(actionRoutes).toContain("logout.ts");
    expect(actionRoutes.length).toBeGreaterThanOrEqual(19);
  });

  it.each(actionRoutes.filter((file) => file !== NOT_FOUND_ACTION))("%s refuses a body that is not a form with 415", async (file) => {
    const { action } = (await import(join(routesDir, file))) as { action: Handler };
    for (const type of ["application/json", "text/plain", "application/xml"]) {
      const result = await refusal(await answer(action, post(`/probe`, '{"email":"a@b.c"}', { "Content-Type": type, Cookie: admin })));
      expect(result.status, `${file} with ${type}`).toBe(415);
      const accepted = file === "_app.stock.import.tsx" ? "Send this form as multipart/form-data." : FORM_TYPES;
      expect(result.message).toBe(accepted);
    }
  });

  // The guard comes first: an anonymous 50 MB post is sent to sign in with none of its body read.
  const signedInActions = actionRoutes.filter((file) => file !== NOT_FOUND_ACTION && file !== "login.tsx");
  it.each(signedInActions)("%s sends an anonymous post to sign in before reading its body", async (file) => {
    const { action } = (await import(join(routesDir, file))) as { action: Handler };
    const { stream, pulled } = endlessBody(50 * MB);
    const result = (await answer(action, post("/probe", stream, { "Content-Type": "application/x-www-form-urlencoded" }))) as Response;
    expect(result).toBeInstanceOf(Response);
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toMatch(/^\/login(\?|$)/);
    expect(pulled.bytes).toBeLessThanOrEqual(64 * 1024); // at most the one chunk a stream queues up front
  });

  it("refuses an anonymous sign-in whose body has no content type, or a JSON one, with 415", async () => {
    expect(await refusal(await answer(loginAction as Handler, post("/login", "email=a@b.c&password=x")))).toEqual({ status: 415, message: FORM_TYPES });
    const json = post("/login", JSON.stringify({ email: "a@b.c", password: "x" }), { "Content-Type": "application/json" });
    expect((await refusal(await answer(loginAction as Handler, json))).status).toBe(415);
  });

  it("refuses 40,000 repeated fields (or 15,000 multipart parts) with 413 before parsing them, signed in or not", async () => {
    const flood = "a=1&".repeat(40_000);
    const urlencoded = { "Content-Type": "application/x-www-form-urlencoded" };
    const expected = { status: 413, message: "This form has more than the 1,000 fields allowed." };
    expect(await refusal(await answer(loginAction as Handler, post("/login", flood, urlencoded)))).toEqual(expected);
    expect(await refusal(await answer(branchesAction as Handler, post("/admin/branches", flood, { ...urlencoded, Cookie: admin })))).toEqual(expected);
    expect(await refusal(await answer(logoutAction as Handler, post("/logout", flood, { ...urlencoded, Cookie: admin })))).toEqual(expected);
    // The same flood as multipart parts.
    const parts = multipart(Array.from({ length: 15_000 }, () => ({ name: "a", value: "1" })), "b"); // 720 KB
    expect(await refusal(await answer(loginAction as Handler, post("/login", parts.body, parts.headers)))).toEqual(expected);
  });

  it("takes 1,000 fields and refuses 1,001", async () => {
    const fields = (count: number) => Array.from({ length: count }, (_, i) => `f${i}=x`).join("&");
    const urlencoded = { "Content-Type": "application/x-www-form-urlencoded", Cookie: admin };
    const taken = await answer(branchesAction as Handler, post("/admin/branches", fields(1_000), urlencoded));
    // Past the reader: the branch form itself refuses what is missing, with 400.
    expect((taken as { init: { status: number } }).init.status).toBe(400);
    expect((await refusal(await answer(branchesAction as Handler, post("/admin/branches", fields(1_001), urlencoded)))).status).toBe(413);
  });

  it("refuses a 50 MB body with 413, reading no more of it than the 1 MB a form may have", async () => {
    const { stream, pulled } = endlessBody(50 * MB);
    const result = await refusal(await answer(loginAction as Handler, post("/login", stream, { "Content-Type": "application/x-www-form-urlencoded" })));
    expect(result).toEqual({ status: 413, message: "This form is larger than the 1 MB allowed." });
    // One chunk past the limit is read, and at most one more is queued.
    expect(pulled.bytes).toBeLessThanOrEqual(MB + 2 * 64 * 1024);
  });

  it("refuses a body whose declared length is over the limit without reading any of it", async () => {
    const { stream, pulled } = endlessBody(50 * MB);
    const headers = { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(50 * MB), Cookie: admin };
    expect((await refusal(await answer(branchesAction as Handler, post("/admin/branches", stream, headers)))).status).toBe(413);
    expect(pulled.bytes).toBeLessThanOrEqual(64 * 1024); // at most the one chunk a stream queues up front
  });

  it("lets a stock import be 10 MB: a 6 MB file is told it is too large, a 12 MB body refused with 413", async () => {
    const manager = await cookieFor(await makeUser("admin"));
    const upload = (size: number) => multipart([{ name: "intent", value: "check" }, { name: "file", value: "x".repeat(size), filename: "bikes.csv" }]);
    const sixMb = upload(6 * MB);
    const told = (await answer(importAction as Handler, post("/stock/import", sixMb.body, { ...sixMb.headers, Cookie: manager }))) as { data: unknown; init: { status: number } };
    expect(told.init.status).toBe(400);
    expect(told.data).toEqual({ problem: "The file is larger than 5 MB. Split it into smaller files." });
    const twelveMb = upload(12 * MB);
    const refused = await refusal(await answer(importAction as Handler, post("/stock/import", twelveMb.body, { ...twelveMb.headers, Cookie: manager })));
    expect(refused).toEqual({ status: 413, message: "This form is larger than the 10 MB allowed." });
  });

  it("answers a multipart part with an empty name, or a broken multipart body, with 400", async () => {
    const emptyName = multipart([{ name: "", value: "x" }, { name: "intent", value: "check" }]);
    const told = (await answer(importAction as Handler, post("/stock/import", emptyName.body, { ...emptyName.headers, Cookie: admin }))) as { data: unknown; init: { status: number } };
    expect(told).toMatchObject({ data: { problem: "Choose a CSV file to check." }, init: { status: 400 } });

    const signIn = multipart([{ name: "", value: "x" }, { name: "email", value: "not-an-email" }]);
    expect(((await answer(loginAction as Handler, post("/login", signIn.body, signIn.headers))) as { init: { status: number } }).init.status).toBe(400);

    const broken = await answer(importAction as Handler, post("/stock/import", "no parts here", { "Content-Type": "multipart/form-data; boundary=x", Cookie: admin }));
    expect(await refusal(broken)).toEqual({ status: 400, message: "This form could not be read." });
    const noBoundary = await answer(loginAction as Handler, post("/login", "a=1", { "Content-Type": "multipart/form-data" }));
    expect(await refusal(noBoundary)).toEqual({ status: 400, message: "This form could not be read." });
  });

  it("leaves no code that reads a body another way (conform sees only what readForm gives it)", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name) && !path.endsWith("utils/form.server.ts")) {
          const source = readFileSync(path, "utf8");
          if (/request\.(formData|json|text|arrayBuffer|blob)\(|request\.body\b|parseMultipartFormData/.test(source)) offenders.push(path);
        }
      }
    };
    walk(join(process.cwd(), "app"));
    expect(offenders).toEqual([]);
  });
});

describe("request bodies over HTTP (the production server's path)", () => {
  let server: Awaited<ReturnType<typeof startAppServer>>;
  beforeAll(async () => {
    server = await startAppServer({ login: { action: loginAction } });
  });
  afterAll(() => server.stop());

  /** Posts `total` bytes in 64 KB writes; resolves with the status and how much was written when it came. */
  function postLarge(total: number, headers: Record<string, string> = {}) {
    return new Promise<{ status: number; writtenWhenAnswered: number; closed: boolean }>((resolve, reject) => {
      let written = 0;
      let answered: { status: number; writtenWhenAnswered: number } | null = null;
      const request = http.request(`${server.base}/login`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers } });
      request.on("response", (response) => {
        answered = { status: response.statusCode ?? 0, writtenWhenAnswered: written };
        response.resume();
        response.on("end", () => setTimeout(() => resolve({ ...answered!, closed: request.destroyed || response.socket?.destroyed !== false }), 50));
      });
      request.on("error", (error) => (answered ? resolve({ ...answered, closed: true }) : reject(error)));
      const chunk = Buffer.from("a=1&".repeat(16 * 1024));
      const write = () => {
        while (!answered && written < total) {
          written += chunk.length;
          if (!request.write(chunk)) return void request.once("drain", write);
        }
        if (!answered) request.end();
      };
      write();
    });
  }

  it("answers a 50 MB upload with 413 while it is still being sent, and closes the connection", async () => {
    const reply = await postLarge(50 * MB);
    expect(reply.status).toBe(413);
    expect(reply.writtenWhenAnswered).toBeLessThan(50 * MB);
    expect(reply.closed).toBe(true);
  });

  it("answers a declared 50 MB body with 413 before any of it is sent", async () => {
    const reply = await new Promise<number>((resolve, reject) => {
      const request = http.request(`${server.base}/login`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(50 * MB) },
      });
      request.on("response", (response) => resolve(response.statusCode ?? 0));
      request.on("error", reject);
      request.flushHeaders();
    });
    expect(reply).toBe(413);
  });

  it("answers 40,000 repeated fields with 413", async () => {
    const response = await fetch(`${server.base}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "a=1&".repeat(40_000),
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toBe("This form has more than the 1,000 fields allowed.");
  });
});
