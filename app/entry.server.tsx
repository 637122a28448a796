import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { logError } from "~/utils/log.server";
import { NonceProvider } from "~/utils/nonce";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

/**
 * Renders the whole document, and the server sends it in one piece (server/http/remix-handler.ts).
 * The app defers no data, so streaming would gain nothing, and it cost: React's streaming renderer
 * pushes every piece of markup through a TextEncoder, a noticeable share of a page. So the
 * document renders to a string in one synchronous pass, once the loader data it carries is at hand
 * (see takeHandoff).
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  const document = (
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
    </NonceProvider>
  );
  const handoff = await takeHandoff(remixContext);
  let html = renderToString(document);
  if (!handoff.rendered()) {
    // Remix no longer takes the handoff this way (an upgrade): the streaming render waits for it.
    warnOnce("entry.server: Remix's loader data handoff changed; rendering documents with the streaming renderer");
    handoff.restore();
    html = await renderWhole(document, nonce, (status) => (responseStatusCode = status));
  }
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // As bytes: a string body would be scanned for lone surrogates, then encoded, on every page.
  return new Response(Buffer.from(`<!DOCTYPE html>${html}`), { headers: responseHeaders, status: responseStatusCode });
}

type HandoffContext = {
  serverHandoffStream?: ReadableStream<Uint8Array>;
  renderMeta?: { streamCache?: Record<number, unknown>; didRenderScripts?: boolean };
};

/**
 * Remix (single fetch) writes the loader data into the page with StreamTransfer: it reads the
 * handoff stream a chunk at a time, suspending on each read, and keeps each read in
 * `renderMeta.streamCache`. Read whole up front and kept there as one settled read, the data renders
 * without suspending. `rendered` says whether StreamTransfer took it.
 */
async function takeHandoff(remixContext: EntryContext) {
  const context = remixContext as unknown as HandoffContext;
  const stream = context.serverHandoffStream;
  // No handoff (no data to hand over): nothing can suspend.
  if (!stream || !context.renderMeta) return { rendered: () => true, restore: () => {} };
  const value = await new Response(stream).text();
  let taken = false;
  const settled = Object.assign(Promise.resolve(), { result: { done: true, value } });
  const streamCache: Record<number, unknown> = {};
  Object.defineProperty(streamCache, 0, {
    enumerable: true,
    get: () => {
      taken = true;
      return settled;
    },
  });
  context.renderMeta.streamCache = streamCache;
  // RemixServer takes a reader of the stream as it renders, so it needs one that is unread.
  const unread = () => new Response(value).body ?? undefined;
  context.serverHandoffStream = unread();
  return {
    // Remix renders nothing to take when the document has no <Scripts> (some error pages).
    rendered: () => taken || !context.renderMeta?.didRenderScripts,
    /** The data back as an unread stream, and no cached read, for the streaming renderer. */
    restore() {
      context.renderMeta = {};
      context.serverHandoffStream = unread();
    },
  };
}

let warned = false;
function warnOnce(message: string) {
  if (!warned) console.warn(message);
  warned = true;
}

/** The streaming renderer, collected whole: waits for every Suspense boundary. */
function renderWhole(document: JSX.Element, nonce: string, setStatus: (status: number) => void) {
  return new Promise<string>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const body = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    body.once("finish", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString("utf8").replace(/^<!DOCTYPE html>/, ""));
    });
    const { pipe, abort } = renderToPipeableStream(document, {
      nonce,
      onShellReady: () => (shellRendered = true),
      onAllReady: () => pipe(body),
      onShellError(error: unknown) {
        clearTimeout(timer);
        reject(error);
      },
      onError(error: unknown) {
        setStatus(500);
        // Errors after the shell would otherwise vanish; before it, Remix logs them itself.
        if (shellRendered) logError(error, "render");
      },
    });
    // A render still running after this is cut short (what it has rendered goes out).
    const timer = setTimeout(() => abort(), ABORT_DELAY + 1000);
  });
}

/** Loader and action errors: logged here (without the values they carry), never sent to the browser. */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  logError(error, `${request.method} ${new URL(request.url).pathname}`);
}
