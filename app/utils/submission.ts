/** The hidden field that carries a form's submission token (see submission.server.ts and SubmitButton). */
export const SUBMISSION_TOKEN_FIELD = "submissionToken";
