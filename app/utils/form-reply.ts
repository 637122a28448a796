import type { Submission } from "@conform-to/react";

/** A refused write's message, placed beside its field when it names one, else above the form. */
export function errorsFor(result: { message: string; field?: string }) {
  return result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] };
}

/**
 * A refused step's answer, shown in one place: a conflict (409: someone else got there first) above
 * the page's steps, which reload to what is true now; any other refusal beside its field or atop its form.
 */
export function refusalOf<S>(submission: Submission<S>, result: { message: string; field?: string; status?: number }) {
  const conflict = result.status === 409 ? result.message : undefined;
  return { result: conflict ? submission.reply() : submission.reply(errorsFor(result)), conflict };
}
