import type { ServerBuild } from "@remix-run/node";
import { DATABASE_UNAVAILABLE, databaseUnavailableCode, RETRY_AFTER_SECONDS } from "../../app/modules/system/database-unavailable.server";

type RouteFunction = (args: { request: Request }) => unknown;

/**
 * The build with every loader and action answering 503 while the database is unavailable. A
 * failure that means the database is away becomes a thrown 503 response carrying the message, so
 * the route's error boundary shows "the database is unavailable" (in the browser too, where a
 * production build hides an error's message), and every other error stays a 500 for handleError.
 * Done once here, not in each of the ~40 route modules.
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
    try {
      return await routeFunction(args);
    } catch (error) {
      const code = databaseUnavailableCode(error);
      if (!code) throw error;
      // One line, no stack: a wrapped driver error's message carries the query and its parameters.
      console.error(`Database unavailable (${code}) in ${routeId} for ${args.request.method} ${new URL(args.request.url).pathname}`);
      throw new Response(DATABASE_UNAVAILABLE, {
        status: 503,
        statusText: "Service Unavailable",
        headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" },
      });
    }
  };
}
