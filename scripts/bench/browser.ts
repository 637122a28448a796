// A signed-in user's browser, as far as the server can tell: one keep-alive connection, a cookie jar,
// compressed documents, forms posted from their own origin, and the forms read back from the HTML
// (fields with the values the page filled in), so a bench write sends what a person's browser would.
import http from "node:http";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";

// Chrome's header: the server compresses the document as it would for a browser.
const ACCEPT_ENCODING = "gzip, deflate, br, zstd";
const TIMEOUT_MS = 30_000;

export interface Page {
  status: number;
  location: string | null;
  html: string;
  ms: number;
}

export class Browser {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly cookies = new Map<string, string>();

  constructor(readonly base: URL) {}

  close() {
    this.agent.destroy();
  }

  get(path: string) {
    return this.request("GET", path);
  }

  /** A form post (urlencoded, from the app's own origin, as the CSRF check wants). */
  post(path: string, fields: [string, string][]) {
    return this.request("POST", path, new URLSearchParams(fields).toString());
  }

  /** Signs in through the form, as a person does: the page, then the post; true when a session began. */
  async signIn(email: string, password: string) {
    await this.get("/login");
    const reply = await this.post("/login", [
      ["email", email],
      ["password", password],
      ["redirectTo", "/"],
    ]);
    return reply.status === 302 && this.cookies.has("laguna_session");
  }

  /** Resolves with the whole body (decompressed) and the time to its last byte; rejects on a network error or timeout. */
  private request(method: string, path: string, body?: string): Promise<Page> {
    const headers: Record<string, string> = { "Accept-Encoding": ACCEPT_ENCODING, Accept: "text/html,*/*" };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    if (body !== undefined) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      headers["Content-Length"] = String(Buffer.byteLength(body));
      headers.Origin = this.base.origin;
    }
    const started = process.hrtime.bigint();
    return new Promise<Page>((done, fail) => {
      const req = http.request({ host: this.base.hostname, port: this.base.port, path, method, headers, agent: this.agent, timeout: TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.once("error", fail);
        res.once("end", () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          this.keepCookies(res.headers["set-cookie"] ?? []);
          try {
            const html = decode(Buffer.concat(chunks), res.headers["content-encoding"]);
            done({ status: res.statusCode ?? 0, location: res.headers.location ?? null, html, ms });
          } catch (error) {
            fail(error as Error);
          }
        });
      });
      req.once("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
      req.once("error", fail);
      req.end(body);
    });
  }

  private keepCookies(setCookies: string[]) {
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=(0|-)/i.test(a)) || attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split("=")[1]!) < Date.now());
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

function decode(body: Buffer, encoding: string | undefined) {
  if (encoding === "br") return brotliDecompressSync(body).toString();
  if (encoding === "gzip") return gunzipSync(body).toString();
  if (encoding === "deflate") return inflateSync(body).toString();
  return body.toString();
}

// ---------------------------------------------------------------------------------------------
// Reading the HTML the app renders (React's server output: double-quoted, escaped attributes).

const ENTITIES: Record<string, string> = { amp: "&", quot: '"', lt: "<", gt: ">", "#x27": "'", "#39": "'", nbsp: "\u00a0" };
const unescapeHtml = (text: string) => text.replace(/&(amp|quot|lt|gt|#x27|#39|nbsp);/g, (_, name: string) => ENTITIES[name]!);

function attributes(tag: string) {
  const found = new Map<string, string>();
  for (const match of tag.matchAll(/([^\s=/>]+)(?:="([^"]*)")?/g)) found.set(match[1]!.toLowerCase(), unescapeHtml(match[2] ?? ""));
  return found;
}

/**
 * The fields a browser would submit for the first form that has a field `name` with `value` (like
 * intent=reserve), with the values the page put in them: inputs, checked boxes, each select's
 * selected (or first) option, textareas; not buttons, nor disabled fields. Null when there is no
 * such form.
 */
export function formFields(html: string, name: string, value: string): [string, string][] | null {
  const form = findForm(html, name, value);
  return form ? readForm(form) : null;
}

/** The non-empty choices of a select in that form, for a field the page leaves for the person to choose. */
export function selectOptions(html: string, form: { name: string; value: string }, select: string) {
  const inner = findForm(html, form.name, form.value) ?? "";
  const start = inner.search(new RegExp(`<select\\b[^>]*name="${select}"`));
  if (start < 0) return [];
  const options = inner.slice(start, inner.indexOf("</select>", start));
  return [...options.matchAll(/<option\b([^>]*)>/g)].map((m) => attributes(m[1]!).get("value") ?? "").filter(Boolean);
}

function findForm(html: string, name: string, value: string) {
  for (const form of html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)) {
    if (readForm(form[1]!).some(([n, v]) => n === name && v === value)) return form[1]!;
  }
  return null;
}

function readForm(inner: string): [string, string][] {
  const fields: [string, string][] = [];
  let select: { name: string; first: string | null; chosen: string | null } | null = null;
  for (const match of inner.matchAll(/<(input|select|option|textarea)\b([^>]*)>|<\/select>/g)) {
    if (!match[1]) {
      if (select && (select.chosen ?? select.first) !== null) fields.push([select.name, (select.chosen ?? select.first)!]);
      select = null;
      continue;
    }
    const attrs = attributes(match[2]!);
    if (attrs.has("disabled")) continue;
    const name = attrs.get("name");
    if (match[1] === "option") {
      if (!select) continue;
      const optionValue = attrs.get("value") ?? "";
      select.first ??= optionValue;
      if (attrs.has("selected")) select.chosen = optionValue;
    } else if (match[1] === "select") {
      select = name ? { name, first: null, chosen: null } : null;
    } else if (!name) {
      continue;
    } else if (match[1] === "textarea") {
      const end = inner.indexOf("</textarea>", match.index);
      fields.push([name, unescapeHtml(inner.slice(match.index + match[0].length, end)).replace(/^\n/, "")]);
    } else {
      const type = (attrs.get("type") ?? "text").toLowerCase();
      if (["submit", "button", "reset", "image", "file"].includes(type)) continue;
      if ((type === "checkbox" || type === "radio") && !attrs.has("checked")) continue;
      fields.push([name, attrs.get("value") ?? (type === "checkbox" || type === "radio" ? "on" : "")]);
    }
  }
  return fields;
}

/** Sets (or adds) a field, as a person typing into it. */
export function fill(fields: [string, string][], values: Record<string, string>) {
  const out = fields.filter(([name]) => !(name in values));
  for (const [name, value] of Object.entries(values)) out.push([name, value]);
  return out;
}

/** Distinct ids from the links on a page to `/prefix/<uuid>` (a list's rows), in page order. */
export function linkedIds(html: string, prefix: string) {
  const ids = new Set<string>();
  const pattern = new RegExp(`href="/${prefix}/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"`, "g");
  for (const match of html.matchAll(pattern)) ids.add(match[1]!);
  return [...ids];
}

/** The messages an error page or a refused form shows (role="alert"), for the error report. */
export function alertText(html: string) {
  const alerts = [...html.matchAll(/role="alert"[^>]*>([\s\S]*?)<\/(?:div|p)>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim());
  const title = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1]?.replace(/<[^>]+>/g, "").trim();
  return unescapeHtml(alerts.filter(Boolean).join(" / ") || title || html.slice(0, 120)).slice(0, 300);
}
