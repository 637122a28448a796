import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";

/**
 * Remix behind Express, as @remix-run/express does it, except that a response goes out whole, in one
 * write. The app defers no data and streams no response, so every body is complete once Remix
 * returns it; passing it on chunk by chunk through a web stream (a flush of the compressor after each
 * chunk, the end in a later tick) cost about 1 ms a request. An event stream would still stream.
 */
export function remixHandler(build: ServerBuild, getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext) {
  const handle = createRequestHandler(build, build.mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const response = await handle(fetchRequest(req, res), getLoadContext(req, res));
      await send(res, response);
    } catch (error) {
      next(error);
    }
  };
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

async function send(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (!response.body) {
    res.end();
  } else if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) {
    res.flushHeaders();
    await writeReadableStreamToWritable(response.body, res);
  } else {
    res.end(Buffer.from(await response.arrayBuffer()));
  }
}
