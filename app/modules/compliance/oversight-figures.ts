/**
 * What each section of the oversight export holds: its figures, their units and what they mean.
 * Browser-safe: the page's tables, the CSV's rows and the JSON read the same list, and
 * oversight-export.schema.json describes the same names (a test holds them together).
 */
export type FigureUnit = "count" | "pence" | "ratio";

export interface FigureSpec {
  name: string;
  label: string;
  unit: FigureUnit;
}

export interface SectionSpec {
  id: string;
  title: string;
  /** What is counted, and by which date it falls in the period. */
  description: string;
  /** The breakdowns, each a `dimension` of the rows ("all" is the section's total, one row). */
  dimensions: Record<string, string>;
  figures: FigureSpec[];
}

const count = (name: string, label: string): FigureSpec => ({ name, label, unit: "count" });
const pence = (name: string, label: string): FigureSpec => ({ name, label, unit: "pence" });
const ratio = (name: string, label: string): FigureSpec => ({ name, label, unit: "ratio" });

export const DEALS_SECTION: SectionSpec = {
  id: "deals",
  title: "Introductions and signed deals",
  description:
    "Introductions are finance deals recorded in the period; signed deals are those signed in it. A deal's lender is the one it was signed with, otherwise the last lender it was proposed to.",
  dimensions: { all: "All branches", branch: "By branch", lender: "By lender" },
  figures: [count("introductions", "Introductions"), count("signed", "Signed deals")],
};

export const COMMISSION_SECTION: SectionSpec = {
  id: "commission",
  title: "Commission on signed deals",
  description:
    "Deals signed in the period, with the commission last confirmed to the customer and the amount of credit as signed. A deal required a high-commission review when its commission reached either review threshold in force at the time of the export.",
  dimensions: { all: "All branches", branch: "By branch", lender: "By lender" },
  figures: [
    count("signedDeals", "Signed deals"),
    pence("commissionPence", "Commission, total"),
    pence("averageCommissionPence", "Commission, average per deal"),
    pence("creditPence", "Amount of credit, total"),
    ratio("commissionToCredit", "Commission to credit"),
    count("reviewRequired", "Deals requiring a high-commission review"),
    ratio("reviewRequiredShare", "Share of deals requiring a review"),
  ],
};

export const REVIEWS_SECTION: SectionSpec = {
  id: "commissionReviews",
  title: "High-commission reviews and their outcomes",
  description: "Reviews of high commission made in the period (by the day of the review), by the deal's branch and the lender whose figures were reviewed.",
  dimensions: { all: "All branches", branch: "By branch", lender: "By lender" },
  figures: [count("reviews", "Reviews"), count("approved", "Approved"), count("rejected", "Rejected")],
};

export const COMPLAINTS_SECTION: SectionSpec = {
  id: "complaints",
  title: "Complaints (DISP 1.10 half-yearly return)",
  description:
    "Opened: received in the period. Closed: the summary resolution or final response sent in the period, with the final response's outcome; a summary resolution is counted on its own. Within 3 business days and 8 weeks are judged against the complaint's own deadlines. Redress paid: payments made in the period. Product: the finance product of the deal complained of (none when no deal is named); cause: what the complaint is about. Open at the start or end: received before then and not closed by then. Within 8 weeks includes those within 3 business days.",
  dimensions: { all: "All complaints", product: "By product", cause: "By cause" },
  figures: [
    count("openAtStart", "Open at the start of the period"),
    count("opened", "Opened"),
    count("closed", "Closed"),
    count("closedBySummaryResolution", "Closed by summary resolution"),
    count("upheld", "Upheld"),
    count("partlyUpheld", "Partly upheld"),
    count("notUpheld", "Not upheld"),
    count("closedWithinThreeBusinessDays", "Closed within 3 business days"),
    count("closedWithinEightWeeks", "Closed within 8 weeks"),
    count("closedAfterEightWeeks", "Closed after 8 weeks"),
    count("redressPaidCount", "Redress payments"),
    pence("redressPaidPence", "Redress paid"),
    count("referredToOmbudsman", "Referred to the Ombudsman"),
    count("openAtEnd", "Open at the end of the period"),
  ],
};

export const BREACHES_SECTION: SectionSpec = {
  id: "breaches",
  title: "Breaches",
  description: "Breaches found in the period (by the day found), by the rule breached; whether the principal has been told is as at the export.",
  dimensions: { all: "All breaches", rule: "By rule" },
  figures: [count("breaches", "Breaches"), count("principalTold", "Principal told"), count("principalNotTold", "Principal not told"), count("closed", "Closed")],
};

export const PROMOTIONS_SECTION: SectionSpec = {
  id: "promotionsApproved",
  title: "Promotions approved",
  description:
    "Approvals given in the period (by the moment of approval): revisions of finance offers, disclosure-document versions and lender ties, each by a compliance user or an admin other than its author.",
  dimensions: { all: "All approvals", kind: "By kind" },
  figures: [count("approvals", "Approvals")],
};

export const FILE_REVIEWS_SECTION: SectionSpec = {
  id: "fileReviews",
  title: "File reviews",
  description:
    "File reviews recorded in the period by overall rating, by the deal's branch; their actions opened and closed in the period, and those still open at its end (raised before then and not closed by then).",
  dimensions: { all: "All branches", branch: "By branch" },
  figures: [
    count("reviews", "Reviews"),
    count("satisfactory", "Satisfactory"),
    count("needsImprovement", "Needs improvement"),
    count("unsatisfactory", "Unsatisfactory"),
    count("actionsOpened", "Actions opened"),
    count("actionsClosed", "Actions closed"),
    count("actionsOpenAtEnd", "Actions open at the end"),
  ],
};

/** The sections of the export, in the order shown. */
export const SECTION_SPECS: SectionSpec[] = [DEALS_SECTION, COMMISSION_SECTION, REVIEWS_SECTION, COMPLAINTS_SECTION, BREACHES_SECTION, FILE_REVIEWS_SECTION, PROMOTIONS_SECTION];
