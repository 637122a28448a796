import type { ActionFunctionArgs, LoaderFunctionArgs, ServerBuild } from "@remix-run/node";
import express from "express";
import type { AddressInfo } from "node:net";
import { handleError } from "~/entry.server";
import { requestLog } from "../../server/http/request-log";
import { remixHandler } from "../../server/http/remix-handler";

type RouteModule = { loader?: (args: LoaderFunctionArgs) => Promise<unknown>; action?: (args: ActionFunctionArgs) => Promise<unknown> };

/**
 * The production server's request path (Express, the request log, remixHandler, Remix's request
 * handler and the app's handleError) around route modules of a test's choosing, served as resource
 * routes (no document render, so no build is needed). Returns the server's base URL and a stop.
 */
export async function startAppServer(routes: Record<string, RouteModule>) {
  const build = {
    mode: "production",
    entry: { module: { default: () => new Response("no documents here", { status: 500 }), handleError } },
    routes: Object.fromEntries(Object.entries(routes).map(([path, module]) => [path, { id: path, path, module }])),
    assets: { routes: {}, version: "test", url: "/build/manifest-test.js", entry: { module: "/build/entry.js", imports: [] } },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: { v3_singleFetch: true, v3_relativeSplatPath: true, v3_throwAbortReason: true },
    isSpaMode: false,
  } as unknown as ServerBuild;

  const app = express();
  app.use(requestLog);
  app.all(
    "*",
    remixHandler(build, (req, res) => ({
      cspNonce: "",
      clientIp: req.ip ?? "unknown",
      requestLog: res.locals.requestLog as { userId?: string },
    })),
  );
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
