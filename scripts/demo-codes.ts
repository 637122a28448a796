// `npm run demo:codes`: the demo users' current two-factor codes, from their fixed keys (seed/demo-keys.ts),
// so the demo can be tried without a phone. Reads no database.
import { codeForStep, keyFromText, stepAt } from "../app/modules/auth/totp.server";
import { DEMO_TOTP_KEYS } from "../seed/demo-keys";

const step = stepAt();
const secondsLeft = 30 - (Math.floor(Date.now() / 1000) % 30);
console.log(`Current codes (each works once, for about ${secondsLeft} s more, then the next one):`);
for (const [email, text] of Object.entries(DEMO_TOTP_KEYS)) {
  const key = keyFromText(text)!;
  console.log(`  ${email.padEnd(24)} ${codeForStep(key, step)}   next: ${codeForStep(key, step + 1)}`);
}
