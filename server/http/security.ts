import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";

const isProduction = process.env.NODE_ENV === "production";

/** A fresh nonce per response lets Remix's inline scripts run under a CSP without 'unsafe-inline'. */
export function cspNonce(_req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
}

export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
      // Inline style attributes only; scripts stay strict.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:", "https:"],
      connectSrc: isProduction ? ["'self'"] : ["'self'", "ws://localhost:*"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: "deny" },
  referrerPolicy: { policy: "strict-origin-when-cross-origin" },
  strictTransportSecurity: isProduction ? { maxAge: 63072000, includeSubDomains: true } : false,
  crossOriginEmbedderPolicy: false,
});

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The app's own origin: APP_ORIGIN when set (behind a proxy), else the host the request came to. */
export function expectedOrigin(req: Pick<Request, "protocol" | "get">) {
  return process.env.APP_ORIGIN?.replace(/\/$/, "") ?? `${req.protocol}://${req.get("host")}`;
}

/** Refuses every state-changing request whose Origin is not the app's own (CSRF defence). */
export function sameOriginOnly(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method)) return next();
  const origin = req.get("origin");
  if (origin && origin === expectedOrigin(req)) return next();
  res.status(403).type("text/plain").send("Forbidden: this request did not come from Laguna Admin.");
}
