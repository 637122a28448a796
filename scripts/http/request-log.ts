import type { NextFunction, Request, Response } from "express";
import { requestContext, type RequestContext } from "../../app/utils/request-context.server";

/**
 * One line per request: method, path (no query string: it may hold search terms), status, time,
 * user id. Never a body, password or cookie.
 */
export function requestLog(req: Request, res: Response, next: NextFunction) {
  const started = process.hrtime.bigint();
  const context: RequestContext = { clientIp: req.ip ?? "unknown" };
  res.on("finish", () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const userId = context.userId ?? "-";
    console.log(`${req.method} ${req.path} ${res.statusCode} ${ms.toFixed(1)}ms user=${userId}`);
  });
  requestContext.run(context, () => next());
}
