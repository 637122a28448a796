import { hash, verify } from "@node-rs/argon2";
import { ZxcvbnFactory, type ZxcvbnResult } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

// OWASP's argon2id settings; @node-rs/argon2 defaults to the argon2id variant.
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 };

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
/** zxcvbn's 0-4 scale; 3 is "safely unguessable": about 10^8 guesses or more. */
const MIN_STRENGTH_SCORE = 3;

export function hashPassword(password: string) {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string) {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** A hash to verify against when the email is unknown, so both failures take the same time. */
export function hashForUnknownUser() {
  return (dummyHash ??= hashPassword("unknown-user-placeholder-password"));
}

// Built on first use: the dictionaries (the 30,000 most common passwords among them) take tens of megabytes.
let strength: ZxcvbnFactory | undefined;
const estimator = () => (strength ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }));

const AVOID = "Choose another: a short sentence of your own is easy to remember and hard to guess.";
const WHY: Record<string, string> = {
  topTen: "This password is among the most common passwords, so it would be one of the first guessed.",
  topHundred: "This password is among the most common passwords, so it would be one of the first guessed.",
  common: "This password is among the most common passwords, so it would be one of the first guessed.",
  similarToCommon: "This password is among the most common passwords, with a small change that guessing tools try first.",
  userInputs: "This password contains your name or email address, so it would be easy to guess.",
  simpleRepeat: 'This password repeats characters (like "aaa"), so it would be easy to guess.',
  extendedRepeat: 'This password repeats a pattern (like "abcabc"), so it would be easy to guess.',
  sequences: 'This password is mostly a sequence (like "abcd" or "1234"), so it would be easy to guess.',
  straightRow: 'This password is mostly a row of keys (like "qwerty"), so it would be easy to guess.',
  keyPattern: "This password is mostly a pattern of keys on the keyboard, so it would be easy to guess.",
  recentYears: "This password is mostly a year, so it would be easy to guess.",
  dates: "This password is mostly a date, so it would be easy to guess.",
  wordByItself: "This password is mostly a single common word, so it would be easy to guess.",
  namesByThemselves: "This password is mostly a name, so it would be easy to guess.",
  commonNames: "This password is mostly a common name, so it would be easy to guess.",
};

function whyWeak(result: ZxcvbnResult) {
  const warning = result.feedback.warning;
  return (warning && WHY[warning]) ?? "This password would be easy to guess: it is short for how predictable its parts are.";
}

/**
 * Why a new password is refused, or null when it is acceptable. The one rule for every new password
 * (an admin's new user or reset, /account, `npm run user:create`). `userInputs` are the person's own
 * details (email, name), which a password should not be built from.
 */
export function passwordProblem(password: string, userInputs: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const result = estimator().check(password, personalWords(userInputs));
  if (result.score < MIN_STRENGTH_SCORE) return `${whyWeak(result)} ${AVOID}`;
  return null;
}

/** An email and a name as the words a guesser would try: the whole, the email's local part, each name. */
function personalWords(userInputs: string[]) {
  const words = userInputs.flatMap((input) => {
    // Stryker disable next-line MethodExpression: zxcvbn lower-cases user inputs itself, and the split below drops what trim would
    const value = input.trim().toLowerCase();
    const local = value.includes("@") ? value.slice(0, value.indexOf("@")) : value;
    // Stryker disable next-line Regex: a run of separators split one at a time only adds empty words, which the length filter drops
    return [value, local, ...local.split(/[\s.\-_+]+/)];
  });
  return [...new Set(words.filter((word) => word.length >= 3))];
}
