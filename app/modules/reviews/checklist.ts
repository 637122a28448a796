/**
 * The file-review checklist, versioned: a review stores the version it was answered against, so a
 * later wording never rewrites what a reviewer was asked. Add a new version; never edit a published one.
 * Browser-safe: the form renders the questions, and the server checks the answers with `answerProblems`.
 */

export const ANSWERS = ["met", "not_met", "not_applicable"] as const;
export type Answer = (typeof ANSWERS)[number];
export const ANSWER_LABELS: Record<Answer, string> = { met: "Met", not_met: "Not met", not_applicable: "Not applicable" };

export const RATINGS = ["satisfactory", "needs_improvement", "unsatisfactory"] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_LABELS: Record<Rating, string> = { satisfactory: "Satisfactory", needs_improvement: "Needs improvement", unsatisfactory: "Unsatisfactory" };

export interface Question {
  key: string;
  text: string;
  /** What the reviewer looks at on the deal's record and evidence pack. */
  hint: string;
  /** "Not applicable" is refused on a deal of a vulnerable customer (the vulnerability question). */
  applicableWhenVulnerable?: boolean;
}

export interface Checklist {
  version: number;
  questions: readonly Question[];
}

export const CHECKLISTS: Record<number, Checklist> = {
  1: {
    version: 1,
    questions: [
      { key: "disclosureBeforeProposal", text: "Disclosure given before the customer was proposed to any lender", hint: "The disclosure and consent times against the first proposal." },
      { key: "documentGiven", text: "The per-deal disclosure document given to the customer", hint: "The disclosure PDF of this deal, its version, and how it was acknowledged." },
      { key: "tiesDisclosed", text: "Ties with lenders disclosed", hint: "The ties in force that day, as disclosed; not applicable if the lender had none." },
      { key: "lenderOrder", text: "Lender order followed, and any other lender first has a recorded reason", hint: "The manufacturer lender first, or the reason recorded; each attempt kept." },
      { key: "commissionConfirmed", text: "Exact commission confirmed before signing (fresh consent where it rose)", hint: "The confirmation against the disclosed estimate and the signing time." },
      { key: "vulnerabilityHandled", text: "Vulnerability identified and handled", hint: "The vulnerability note and what was done about it; not applicable only when the customer is not vulnerable.", applicableWhenVulnerable: true },
      { key: "figuresAgree", text: "Figures agree (quote, lender's terms, signed figures, APR)", hint: "The credit figures check on the deal page." },
    ],
  },
};

/** The version new reviews are answered against. */
export const CURRENT_CHECKLIST_VERSION = 1;

export interface AnswerEntry {
  key: string;
  answer: Answer;
  note: string;
}

export const NOTE_MAX = 2000;

/**
 * What is wrong with a set of answers to checklist `version`, by question key (empty when none):
 * every question answered once, a note with every "not met", "not applicable" not used for the
 * vulnerability question on a vulnerable customer's deal, and a rating that fits the answers
 * (satisfactory only when nothing is "not met").
 */
export function answerProblems(input: { version: number; answers: readonly AnswerEntry[]; rating: Rating; vulnerable: boolean }): Record<string, string> {
  const checklist = CHECKLISTS[input.version];
  if (!checklist) return { form: `There is no checklist version ${input.version}: reload the page.` };
  const problems: Record<string, string> = {};
  const known = new Set(checklist.questions.map((q) => q.key));
  for (const entry of input.answers) if (!known.has(entry.key)) problems.form = "The answers don't match the checklist: reload the page.";
  for (const question of checklist.questions) {
    const given = input.answers.filter((entry) => entry.key === question.key);
    if (given.length !== 1) {
      problems[question.key] = `Answer “${question.text}”: met, not met or not applicable.`;
      continue;
    }
    const { answer, note } = given[0]!;
    if (!ANSWERS.includes(answer)) problems[question.key] = `Answer “${question.text}”: met, not met or not applicable.`;
    else if (answer === "not_met" && note.trim().length < 3) problems[`${question.key}Note`] = `Say what was missing: a note is needed when “${question.text}” is not met.`;
    else if (answer === "not_applicable" && question.applicableWhenVulnerable && input.vulnerable) problems[question.key] = "The customer is recorded as vulnerable: this question applies.";
    if (note.length > NOTE_MAX) problems[`${question.key}Note`] = `Keep the note to ${NOTE_MAX.toLocaleString("en-GB")} characters.`;
  }
  if (input.rating === "satisfactory" && input.answers.some((entry) => entry.answer === "not_met")) {
    problems.rating = "A review with a question not met can't be rated satisfactory.";
  }
  return problems;
}
