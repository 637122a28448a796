import type { NextFunction, Request, Response } from "express";

/**
 * One line per request: method, path (no query string: it may hold search terms), status, time,
 * user id. Never a body, password or cookie. The guards note the user in `res.locals.requestLog`,
 * which reaches them through the Remix load context.
 */
export function requestLog(req: Request, res: Response, next: NextFunction) {
  const started = process.hrtime.bigint();
  const facts: { userId?: string } = {};
  res.locals.requestLog = facts;
  res.on("finish", () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`${req.method} ${req.path} ${res.statusCode} ${ms.toFixed(1)}ms user=${facts.userId ?? "-"}`);
  });
  next();
}
