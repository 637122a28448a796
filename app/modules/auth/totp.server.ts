import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { decodeBase32IgnorePadding, encodeBase32NoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, generateHOTP, verifyHOTP } from "@oslojs/otp";
import { dataDirectory } from "@db/client";
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from "./two-factor-policy";

// TOTP (RFC 6238) is HOTP (RFC 4226) over the 30-second step; working with the step directly lets
// the caller store the step a code was accepted for, so that code (and any older) is refused after.

/** The 30-second step `at` falls in. */
export const stepAt = (at: Date | number = Date.now()) => Math.floor(Number(at) / 1000 / TOTP_PERIOD_SECONDS);

/** The code for a step (used by enrolment instructions, `demo:codes` and test support). */
export const codeForStep = (key: Uint8Array, step: number) => generateHOTP(key, BigInt(step), TOTP_DIGITS);

/**
 * The step a code matches, allowing one step of clock drift either way (the current step first), or null.
 * Each candidate is compared in constant time by the library.
 */
export function matchingStep(key: Uint8Array, code: string, at: Date | number = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const now = stepAt(at);
  for (const step of [now, now - 1, now + 1]) if (verifyHOTP(key, BigInt(step), TOTP_DIGITS, code)) return step;
  return null;
}

/** A new 160-bit key (RFC 4226 recommends 160 bits for HMAC-SHA-1). */
export const newTotpKey = () => new Uint8Array(randomBytes(20));
export const keyToText = (key: Uint8Array) => encodeBase32NoPadding(key);
/** A key as people type it: base32, any case, spaces and dashes ignored. Null when it isn't one. */
export function keyFromText(text: string): Uint8Array | null {
  const cleaned = text.replace(/[\s-]/g, "").toUpperCase();
  if (!/^[A-Z2-7]{16,}$/.test(cleaned)) return null;
  try {
    const key = decodeBase32IgnorePadding(cleaned);
    return key.length >= 10 ? key : null;
  } catch {
    return null;
  }
}
/** The otpauth:// URI an authenticator app reads from the QR code. */
export const keyUri = (accountName: string, key: Uint8Array) => createTOTPKeyURI("Laguna Admin", accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);

// Encryption at rest: AES-256-GCM, the user's id as associated data (a key copied onto another
// user's row does not decrypt). Stored as "v1:" + base64(iv | tag | ciphertext).

export class TotpKeyMissing extends Error {
  constructor() {
    super(
      "TOTP_ENCRYPTION_KEY is not set. Two-factor keys are stored encrypted with it: set it to 32 random bytes " +
        "(64 hex characters, e.g. from `openssl rand -hex 32`) and keep it with the database's backups.",
    );
  }
}

let cachedKey: { source: string; key: Buffer } | undefined;

/**
 * The encryption key: TOTP_ENCRYPTION_KEY (64 hex characters or base64 of 32 bytes); without it, on
 * PGlite only, a key generated once and kept in the data folder (`totp-encryption.key`), so the demo
 * and a newcomer need no set-up. On PostgreSQL without it there is none (TotpKeyMissing).
 */
export function encryptionKey(): Buffer {
  const fromEnv = process.env.TOTP_ENCRYPTION_KEY?.trim();
  const source = fromEnv ? `env:${fromEnv}` : process.env.DATABASE_URL ? "none" : `file:${dataDirectory()}`;
  if (cachedKey?.source === source) return cachedKey.key;
  let key: Buffer;
  if (fromEnv) {
    key = /^[0-9a-f]{64}$/i.test(fromEnv) ? Buffer.from(fromEnv, "hex") : Buffer.from(fromEnv, "base64");
    if (key.length !== 32) throw new Error("TOTP_ENCRYPTION_KEY must be 32 bytes: 64 hex characters or 44 base64 characters.");
  } else if (process.env.DATABASE_URL) {
    throw new TotpKeyMissing();
  } else {
    const file = join(dataDirectory(), "totp-encryption.key");
    if (!existsSync(file)) {
      mkdirSync(dataDirectory(), { recursive: true });
      writeFileSync(file, randomBytes(32).toString("hex") + "\n", { mode: 0o600, flag: "wx" });
    }
    key = Buffer.from(readFileSync(file, "utf8").trim(), "hex");
  }
  cachedKey = { source, key };
  return key;
}

export function encryptTotpKey(userId: string, totpKey: Uint8Array): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  cipher.setAAD(Buffer.from(userId));
  const sealed = Buffer.concat([cipher.update(totpKey), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64")}`;
}

export function decryptTotpKey(userId: string, stored: string): Uint8Array {
  const bytes = Buffer.from(stored.replace(/^v1:/, ""), "base64");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(userId));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]));
}

/** Recovery codes: ten of 50 random bits each, as "xxxxx-xxxxx"; stored as SHA-256 (random, so no slow hash needed). */
export function newRecoveryCodes(count = 10) {
  return Array.from({ length: count }, () => {
    const text = encodeBase32NoPadding(randomBytes(7)).toLowerCase().slice(0, 10);
    return `${text.slice(0, 5)}-${text.slice(5)}`;
  });
}
export const normaliseRecoveryCode = (code: string) => code.trim().toLowerCase().replace(/[\s-]/g, "");
export const hashRecoveryCode = (code: string) => createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");

/** The QR code of a key's URI as one SVG path (drawn by the page: inline SVG, no script, no image request). */
export async function qrCodePath(uri: string) {
  const { encode } = await import("uqr");
  const { data, size } = encode(uri, { border: 2, ecc: "M" });
  const parts: string[] = [];
  data.forEach((row, y) => row.forEach((dark, x) => dark && parts.push(`M${x} ${y}h1v1h-1z`)));
  return { size, path: parts.join("") };
}
