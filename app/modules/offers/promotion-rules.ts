import { checkExample, readExample, type ExampleInputName } from "./offer-example";

// Promotions cannot mislead (CONC 3.5.5R, 3.5.7R): an offer that speaks of a rate, a payment per
// period, interest, a deposit or finance at all carries a complete representative example, and the
// example's figures agree with the credit-figures engine. The server decides with promotionProblems
// at save and at publish; the form runs the same code to show it as staff type.

const TEXT_FIELDS = ["title", "summary", "terms"] as const;
type TextField = (typeof TEXT_FIELDS)[number];

const FIELD_NAMES: Record<TextField, string> = { title: "the title", summary: "the summary", terms: "the terms" };

// Each finds words that state or suggest a cost of credit. Case-insensitive except the abbreviations,
// so an engine's "105 hp" is not hire purchase.
const TRIGGERS: RegExp[] = [
  /£\s?\d[\d,]*(?:\.\d\d)?\s*(?:(?:a|per|each|every)\s+(?:month|week|year)\b|\/\s*(?:month|mth|mo|week|wk|year|yr)\b|p\/?m\b|pcm\b|monthly\b|weekly\b)/gi,
  /\bper\s+(?:month|week)\b|\/\s*mo(?:nth)?\b|\bmonthly\s+(?:payments?|instal(?:l)?ments?|repayments?)\b|\bpay\s+monthly\b/gi,
  /\b\d+(?:\.\d+)?\s*%\s*(?:APR|interest|finance|rate|flat|p\.?a\.?|per\s+annum|a\s+year|representative)\b/gi,
  /(?<![\d.])0(?:\.0+)?\s*%/g,
  /\bAPR\b/gi,
  /\binterest[-\s]free\b|\b(?:no|zero|nil)\s+interest\b|\brates?\s+of\s+interest\b|\binterest\s+rates?\b/gi,
  /\b(?:low|small|no|zero|reduced|£0)\s+deposits?\b|\bdeposit\s+(?:contributions?|support|assistance|paid)\b|\btowards\s+(?:your|the)\s+deposit\b/gi,
  /\bfinanc(?:e|ed|ing)\b|\bhire\s+purchase\b|\bpersonal\s+contract\s+(?:purchase|hire)\b|\bconditional\s+sale\b|\bbuy\s+now,?\s+pay\s+later\b|\bspread\s+the\s+cost\b|\bcredit\s+(?:available|agreement|facility)\b|\bloans?\b/gi,
  /\b(?:PCP|HP|PCH)\b/g,
];

export interface FinanceTrigger {
  field: TextField;
  words: string;
}

/** Every phrase that makes the offer a finance promotion, in reading order (title, summary, terms). */
export function financeTriggers(offer: Record<TextField, string>): FinanceTrigger[] {
  return TEXT_FIELDS.flatMap((field) => {
    // Stryker disable next-line MethodExpression: equivalent, no trigger can start or end with a space
    const found = TRIGGERS.flatMap((pattern) => [...offer[field].matchAll(pattern)].map((match) => ({ index: match.index, words: match[0].trim() })));
    return found.sort((a, b) => a.index - b.index || b.words.length - a.words.length).map(({ words }) => ({ field, words }));
  });
}

export interface PromotionProblem {
  /** The form field it belongs beside. */
  field: TextField | ExampleInputName | "promotesFinance";
  message: string;
}

/**
 * Why this offer may not be saved or published as it stands: finance words without an example, an
 * incomplete example, or figures that disagree with the engine. Empty when it may.
 */
export function promotionProblems(offer: Record<TextField, string> & { representativeExample: unknown }): PromotionProblem[] {
  if (offer.representativeExample === null || offer.representativeExample === undefined) {
    const [first] = financeTriggers(offer);
    if (!first) return [];
    return [
      {
        field: first.field,
        message: `'${first.words}' in ${FIELD_NAMES[first.field]} needs a representative example: tick "This offer promotes finance" and complete it, or reword.`,
      },
    ];
  }
  const example = readExample(offer.representativeExample);
  if (!example) {
    return [{ field: "promotesFinance", message: "The representative example is incomplete: it needs the rate, charges, credit, APR, duration, cash price, deposit, total payable and each repayment." }];
  }
  return [...checkExample(example).problems, ...statedAprProblems(offer, example.aprBasisPoints)];
}

/** An APR in the wording ("6.9% APR") that isn't the example's representative APR. */
function statedAprProblems(offer: Record<TextField, string>, aprBasisPoints: number): PromotionProblem[] {
  return TEXT_FIELDS.flatMap((field) =>
    [...offer[field].matchAll(/(\d+(?:\.\d+)?)\s*%\s*APR\b/gi)]
      .filter((match) => Math.round(Number(match[1]) * 100) !== aprBasisPoints)
      .slice(0, 1)
      .map((match) => ({
        field,
        message: `'${match[0]}' in ${FIELD_NAMES[field]} disagrees with the representative APR of ${Number((aprBasisPoints / 100).toFixed(2))}%.`,
      })),
  );
}

/**
 * Is this offer a financial promotion, which a compliance user approves before it is published: its
 * wording speaks of finance, or it carries a representative example.
 */
export function isFinancePromotion(offer: Record<TextField, string> & { representativeExample: unknown }): boolean {
  return (offer.representativeExample !== null && offer.representativeExample !== undefined) || financeTriggers(offer).length > 0;
}
