/**
 * The demo users' two-factor keys (base32), fixed so the demo, its README and the browser tests can
 * sign in without a phone: `npm run demo:codes` prints their current codes. Demo only: a real user's
 * key is made at enrolment and never leaves the server except in the QR code.
 */
export const DEMO_TOTP_KEYS: Readonly<Record<string, string>> = {
  "admin@laguna.example": "MOYERXB5N2SQ3PCR2LSKN3LHAQ357B7D",
  "finance@laguna.example": "IQGBROMDVSEADUCNYQPXVCWETKB3PV65",
  "reviewer@laguna.example": "ZOMFYERM2ZZUONK2GFV6V7TFZBUYXPPV",
  "compliance@laguna.example": "6S4MAXP32E5TIX5UU2FPGLER4DBYCW63",
};

/** The browser tests' dedicated users of a required role (playwright.config.ts gives them these with --totp-key). */
export const DEDICATED_TOTP_KEY = "PEBUDKQYAI7VGYT24FZDEV2RF7OQENZM";
