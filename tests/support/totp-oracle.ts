import { createHmac } from "node:crypto";

/**
 * An independent RFC 6238 / RFC 4226 code generator for the tests (node:crypto's HMAC, nothing of the app
 * or its OTP library): the codes the tests type, as an authenticator app would compute them.
 */
export function oracleCode(key: Uint8Array, step: number, digits = 6) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hash = createHmac("sha1", key).update(counter).digest();
  const offset = hash[hash.length - 1]! & 0x0f;
  const binary = hash.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/** Base32 (RFC 4648, no padding) to bytes, as an authenticator app reads a typed key. */
export function base32Bytes(text: string) {
  let bits = "";
  for (const char of text.replace(/[\s=]/g, "").toUpperCase()) bits += BASE32.indexOf(char).toString(2).padStart(5, "0");
  return Uint8Array.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
}

export const nowStep = () => Math.floor(Date.now() / 30_000);

/** Waits out the last 3 s of a 30-second step, so a test's codes are all computed in the step they are checked in. */
export async function awayFromStepEdge() {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 3_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
