import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { Request as ExpressRequest, Response as ExpressResponse } from "express";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { logError } from "../../app/utils/log.server";

/**
 * Remix behind Express, as @remix-run/express does it, except that a response goes out whole, in one
 * write, compressed in one go. The app defers no data and streams no response, so every body is
 * complete once Remix returns it. Passing it on chunk by chunk through a web stream (a flush of the
 * compressor after each chunk, the end in a later tick) and compressing it as a stream cost many
 * times what compressing it does (README, Performance). An event stream would still stream.
 */
export function remixHandler(build: ServerBuild, getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext) {
  const handle = createRequestHandler(build, build.mode);
  return async (req: ExpressRequest, res: ExpressResponse) => {
    try {
      const context = getLoadContext(req, res);
      const response = await handle(fetchRequest(req, res), context);
      addAppHeaders(res, response, context);
      await sendResponse(req, res, response);
    } catch (error) {
      // Not Express's own handler: it would log the error whole, values and all.
      logError(error, `${req.method} ${req.path}`);
      if (res.headersSent) res.destroy();
      else res.status(500).type("text/plain").send("Something went wrong on our side.");
    }
  };
}

/**
 * What every response of the app carries besides its own headers. A page may show what only a
 * signed-in user may see, so nothing is kept by a browser or proxy unless its route says so (the
 * public offers do). The session cookie goes out again when the guard asked (the session's expiry
 * slid, or it ended), unless the response sets it itself (signing in or out). And after a 413 the
 * connection closes rather than read the rest of the body.
 */
function addAppHeaders(res: ExpressResponse, response: Response, context: AppLoadContext) {
  if (!response.headers.has("Cache-Control")) res.setHeader("Cache-Control", "no-store");
  const cookie = context.sessionCookie;
  if (cookie) {
    const name = cookie.slice(0, cookie.indexOf("=") + 1);
    if (!response.headers.getSetCookie().some((set) => set.startsWith(name))) res.append("Set-Cookie", cookie);
  }
  if (response.status === 413) res.setHeader("Connection", "close");
}

/** The Fetch API request Remix takes: the URL as the client asked for it, aborted if the client goes. */
function fetchRequest(req: ExpressRequest, res: ExpressResponse): Request {
  // req.hostname drops the port (and follows X-Forwarded-Host when a proxy is trusted).
  const port = portOf(req.get("X-Forwarded-Host")) ?? portOf(req.get("host"));
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const each of value) headers.append(name, each);
    else if (value) headers.set(name, value);
  }
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(url, init);
}

function portOf(host: string | undefined) {
  const port = Number(host?.split(":")[1]);
  return Number.isSafeInteger(port) && port > 0 ? port : undefined;
}

/** Sends a Fetch API response through Express: whole, compressed when worth it (see remixHandler). */
export async function sendResponse(req: ExpressRequest, res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (!response.body) {
    res.end();
  } else if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) {
    res.flushHeaders();
    await writeReadableStreamToWritable(response.body, res);
  } else {
    const body = Buffer.from(await response.arrayBuffer());
    const worthCompressing = compressible(response, body);
    const encoding = worthCompressing ? encodingFor(req) : null;
    const sent = encoding ? await compress(body, encoding) : body;
    if (encoding) res.setHeader("Content-Encoding", encoding);
    if (worthCompressing) res.vary("Accept-Encoding");
    res.setHeader("Content-Length", sent.length);
    res.end(sent);
  }
}

const COMPRESS_FROM_BYTES = 1024;
const compressible = (response: Response, body: Buffer) =>
  body.length >= COMPRESS_FROM_BYTES &&
  !response.headers.has("Content-Encoding") &&
  // Text, JSON, JavaScript and XML, and types written in them (image/svg+xml, application/ld+json).
  /^(text\/|application\/(json|javascript|xml)\b|[\w.-]+\/[\w.-]+\+(json|xml)\b)/i.test(response.headers.get("Content-Type") ?? "");

/** Brotli where the browser takes it, else gzip; none when it takes neither (or said q=0). */
function encodingFor(req: ExpressRequest): "br" | "gzip" | null {
  if (req.acceptsEncodings("br")) return "br";
  if (req.acceptsEncodings("gzip")) return "gzip";
  return null;
}

// Cheap settings: most of the saving for a fraction of the CPU (a page is CPU-bound under load).
// Brotli at quality 1 beats gzip at level 1 on both size and time, and higher qualities save little
// for their cost (figures in README, Performance).
export const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } };
export const GZIP = { level: 1 };
// Up to this size a body is compressed on the spot (a fraction of a millisecond); a larger one, a
// CSV export say, in the thread pool, so other requests go on meanwhile.
const COMPRESS_INLINE_BYTES = 256 * 1024;
const brotliLater = promisify(zlib.brotliCompress);
const gzipLater = promisify(zlib.gzip);

async function compress(body: Buffer, encoding: "br" | "gzip") {
  if (body.length <= COMPRESS_INLINE_BYTES) return encoding === "br" ? zlib.brotliCompressSync(body, BROTLI) : zlib.gzipSync(body, GZIP);
  return encoding === "br" ? brotliLater(body, BROTLI) : gzipLater(body, GZIP);
}
