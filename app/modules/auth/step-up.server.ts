import { requireSignedIn, type RequestArgs } from "./guards.server";
import { checkSecondFactor } from "./two-factor.server";
import { STEP_UP_MINUTES } from "./two-factor-policy";

/** How long a code stays fresh for sensitive steps: 15 minutes, or TWO_FACTOR_STEP_UP_MINUTES (the browser tests shorten it). */
const freshForMinutes = () => Number(process.env.TWO_FACTOR_STEP_UP_MINUTES) || STEP_UP_MINUTES;
const inWords = (minutes: number) => (minutes >= 1 ? `${Math.round(minutes)} minutes` : `${Math.round(minutes * 60)} seconds`);

/** The form field a step-up code travels in, beside the form's own values (see StepUpCode). */
export const STEP_UP_FIELD = "oneTimeCode";

/**
 * Sensitive steps (signing a deal, a high-commission review, publishing an offer, changing users or
 * the two-factor setting) need a code entered within the last 15 minutes. Returns null when the step
 * may go ahead (checking and spending the code the form carries, if it needs one), or the message to
 * show beside the code field; the route sends the form back with its values kept.
 * Users with no second factor (a role that needn't, not enrolled) have nothing to step up with.
 */
export async function stepUpProblem(args: RequestArgs, formData: FormData, what: string): Promise<string | null> {
  const { user, sessionId, secondFactor } = await requireSignedIn(args);
  if (!secondFactor.enrolled) return null;
  const minutes = freshForMinutes();
  if (secondFactor.passedAt && Date.now() - secondFactor.passedAt.getTime() < minutes * 60_000) return null;
  const code = String(formData.get(STEP_UP_FIELD) ?? "").trim();
  if (!code) return `Enter the 6-digit code from your authenticator app to ${what}: a fresh code is needed once the last is ${inWords(minutes)} old.`;
  const checked = await checkSecondFactor({ user, sessionId, code, ipAddress: user.clientIp, purpose: "step-up" });
  if (!checked.ok) return checked.message;
  // Passed: later guards in this request read the session as passed just now.
  secondFactor.passedAt = new Date();
  return null;
}
