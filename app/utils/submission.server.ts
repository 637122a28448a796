import { randomUUID } from "node:crypto";
import { isUuid } from "./ids";
import type { Once } from "./result.server";
import { SUBMISSION_TOKEN_FIELD } from "./submission";

/**
 * Creating actions are idempotent: the signed-in layout's loader makes a token, every form's
 * SubmitButton sends it, and the domain write claims it (attempt's `once`) in its own transaction.
 * Any successful action revalidates the layout, so the next form gets a fresh token.
 */
export const newSubmissionToken = () => randomUUID();

/** The submission's key, or undefined when the form carried no token (an old page, a script): then no de-duplication. */
export function submissionOf(user: { id: string }, form: FormData): Once | undefined {
  const token = form.get(SUBMISSION_TOKEN_FIELD);
  return typeof token === "string" && isUuid(token) ? { userId: user.id, token: token.toLowerCase() } : undefined;
}
