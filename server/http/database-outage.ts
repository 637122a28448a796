import type { ServerBuild } from "@remix-run/node";
import { DATABASE_UNAVAILABLE, databaseUnavailableCode, RETRY_AFTER_SECONDS } from "../../app/modules/system/database-unavailable.server";

type RouteFunction = (args: { request: Request; context?: unknown }) => unknown;

// Marks a request's load context once one of its loaders or actions found the database away.
const OUTAGE_SEEN = Symbol("database unavailable in this request");

/**
 * The build with every loader and action answering 503 while the database is unavailable. A
 * failure that means the database is away becomes a thrown 503 response carrying the message, so
 * the route's error boundary shows "the database is unavailable" (in the browser too, where a
 * production build hides an error's message), and every other error stays a 500 for handleError.
 * The rest of that request's loaders (the layout's, after an action failed) answer 503 at once
 * instead of each waiting out its own connect timeout. Done once here, not in each route module.
 */
export function answerDatabaseOutages(build: ServerBuild): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => {
      const module = { ...route.module } as Record<string, unknown>;
      for (const name of ["loader", "action"] as const) {
        if (typeof module[name] === "function") module[name] = outageAware(module[name] as RouteFunction, id);
      }
      return [id, { ...route, module: module as unknown as typeof route.module }];
    }),
  );
  return { ...build, routes };
}

function outageAware(routeFunction: RouteFunction, routeId: string): RouteFunction {
  return async (args) => {
    const context = typeof args.context === "object" && args.context ? (args.context as Record<symbol, boolean>) : {};
    if (context[OUTAGE_SEEN]) throw unavailable();
    try {
      return await routeFunction(args);
    } catch (error) {
      const code = databaseUnavailableCode(error);
      if (!code) throw error;
      context[OUTAGE_SEEN] = true;
      // One line, no stack: a wrapped driver error's message carries the query and its parameters.
      console.error(`Database unavailable (${code}) in ${routeId} for ${args.request.method} ${new URL(args.request.url).pathname}`);
      throw unavailable();
    }
  };
}

function unavailable() {
  return new Response(DATABASE_UNAVAILABLE, {
    status: 503,
    statusText: "Service Unavailable",
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" },
  });
}
