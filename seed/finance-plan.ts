// The demo finance deals, as data: who, where, which bike, the figures, and how far each went.
// seed/finance-deals.ts runs them through the domain steps.
import type { EntryKind, Product } from "../db/schema/finance";
import type { LenderKey } from "./finance-deals";

/** How far a deal goes; "consented" and "confirmed" are steps within the disclosed and approved statuses. */
export type Stop = "draft" | "disclosed" | "consented" | "proposed" | "approved" | "confirmed" | "signed" | "not_proceeding";

export interface AttemptPlan {
  lender: LenderKey;
  outcome: "accepted" | "countered" | "declined" | "referred" | "pending";
  /** A counter-offer: the lender accepts at this APR instead (the payments rise to match). */
  counterApr?: number;
  /** Why another lender comes before the manufacturer lender. */
  reason?: string;
  medium?: "paper" | "email" | "pdf";
  /** The customer asked how much commission, and was told. */
  asked?: boolean;
}

export interface DealPlan {
  by: "finance" | "admin";
  branch: string;
  customer: { name: string; dob: string; contact: string; distance?: boolean; vulnerable?: string; guarantor?: [name: string, contact: string] };
  bike: { make: string; model: string; description: string };
  product: Product;
  /** In pounds; APR in percent. */
  /** px: part exchange; settlement: the finance outstanding on it, paid off from the new credit. */
  money: { cash: number; deposit: number; contribution?: number; px?: number; settlement?: number; term: number; apr: number; final?: number };
  /** When the deal was recorded and first disclosed, in days before today. */
  daysAgo: number;
  stop: Stop;
  attempts?: AttemptPlan[];
  /** Minutes between the disclosure and the customer's consent (default 20). */
  consentAfterMinutes?: number;
  confirm?: { daysAgo: number; pounds?: number; medium: "paper" | "email" | "pdf" };
  /** A second admin's review note (never the deal's own staff), made half an hour after the confirmation, before signing. */
  review?: string;
  sign?: { daysAgo: number; agreement: string };
  notProceeding?: string;
  /** Later events: an amount in pounds, or a share of the confirmed commission. */
  entries?: { kind: EntryKind; daysAfterSigning: number; pounds?: number; ofConfirmed?: number; reason: string }[];
}

const HONDA = "maidstone-honda";
const HD = "maidstone-harley-davidson";

export const DEAL_PLANS: DealPlan[] = [
  // --- Frankie Finance: Maidstone Honda and Maidstone Harley-Davidson ------------------------------
  {
    by: "finance", branch: HONDA, daysAgo: 1, stop: "draft",
    customer: { name: "Priya Shah", dob: "1994-03-12", contact: "07700 900184" },
    bike: { make: "Honda", model: "Forza 350", description: "Honda Forza 350 (2025), new, Pearl Glare White" },
    product: "hp", money: { cash: 5699, deposit: 700, term: 36, apr: 9.9 },
  },
  {
    by: "finance", branch: HD, daysAgo: 4, stop: "draft",
    customer: { name: "Tom Hargreaves", dob: "1979-11-02", contact: "tom.hargreaves@example.co.uk", distance: true },
    bike: { make: "Harley-Davidson", model: "Nightster", description: "Harley-Davidson Nightster (2025), new, Vivid Black" },
    product: "pcp", money: { cash: 12495, deposit: 2000, term: 48, apr: 8.9, final: 5200 },
  },
  {
    by: "finance", branch: HONDA, daysAgo: 3, stop: "disclosed",
    customer: { name: "Hannah Clarke", dob: "1988-07-21", contact: "hannah.clarke@example.com", distance: true },
    bike: { make: "Honda", model: "CB650R", description: "Honda CB650R (2025), new, Matt Ballistic Black" },
    product: "hp", money: { cash: 8299, deposit: 1500, term: 48, apr: 9.9 },
    attempts: [{ lender: "honda", outcome: "pending", medium: "email" }],
  },
  {
    by: "finance", branch: HONDA, daysAgo: 2, stop: "consented",
    customer: { name: "Daniel Okafor", dob: "1983-01-30", contact: "07700 900377" },
    bike: { make: "Honda", model: "Transalp XL750", description: "Honda Transalp XL750 (2025), new, Ross White" },
    product: "pcp", money: { cash: 9299, deposit: 1500, term: 36, apr: 6.9, final: 4300 },
    attempts: [{ lender: "honda", outcome: "pending" }],
  },
  {
    by: "finance", branch: HD, daysAgo: 6, stop: "proposed",
    customer: { name: "Gareth Lewis", dob: "1971-09-15", contact: "07700 900512" },
    bike: { make: "Harley-Davidson", model: "Sportster S", description: "Harley-Davidson Sportster S (2025), new, Redline Red" },
    product: "hp", money: { cash: 15995, deposit: 3000, px: 4200, settlement: 1350, term: 48, apr: 8.9 },
    attempts: [{ lender: "hd", outcome: "pending" }],
  },
  {
    by: "finance", branch: HONDA, daysAgo: 10, stop: "proposed",
    customer: { name: "Ellie Morris", dob: "2005-06-08", contact: "07700 900640", guarantor: ["Karen Morris (mother)", "07700 900641"] },
    bike: { make: "Honda", model: "CRF300L", description: "Honda CRF300L (2025), new, Extreme Red" },
    product: "hp", money: { cash: 5649, deposit: 800, term: 48, apr: 11.9 },
    attempts: [{ lender: "honda", outcome: "referred" }],
  },
  {
    by: "finance", branch: HONDA, daysAgo: 12, stop: "approved",
    customer: { name: "Samuel Wright", dob: "1976-04-25", contact: "sam.wright@example.org" },
    bike: { make: "Honda", model: "CRF1100L Africa Twin", description: "Honda CRF1100L Africa Twin (2025), new, Grand Prix Red" },
    product: "hp", money: { cash: 14599, deposit: 2500, term: 60, apr: 10.9 },
    attempts: [{ lender: "honda", outcome: "declined" }, { lender: "northgate", outcome: "countered", counterApr: 12.9, medium: "email" }],
  },
  {
    by: "finance", branch: HD, daysAgo: 9, stop: "confirmed",
    customer: { name: "Aisha Khan", dob: "1990-12-03", contact: "07700 900733" },
    bike: { make: "Harley-Davidson", model: "Pan America 1250", description: "Harley-Davidson Pan America 1250 Special (2025), new, Billiard Gray" },
    product: "pcp", money: { cash: 19695, deposit: 3000, term: 48, apr: 7.9, final: 8900 },
    attempts: [{ lender: "hd", outcome: "accepted", asked: true }],
    confirm: { daysAgo: 5, medium: "email" },
  },
  {
    by: "finance", branch: HD, daysAgo: 150, stop: "signed",
    customer: { name: "Richard Baker", dob: "1968-02-17", contact: "07700 900815" },
    bike: { make: "Harley-Davidson", model: "Street Glide", description: "Harley-Davidson Street Glide (2025), new, Vivid Black" },
    product: "hp", money: { cash: 29495, deposit: 5000, px: 9500, term: 48, apr: 8.9 },
    attempts: [{ lender: "hd", outcome: "accepted" }],
    confirm: { daysAgo: 149, medium: "paper" }, sign: { daysAgo: 149, agreement: "HDFS-44817302" },
    entries: [{ kind: "commission_paid", daysAfterSigning: 32, ofConfirmed: 1, reason: "Paid on the HDFS monthly commission statement; matches the confirmed amount." }],
  },
  {
    by: "finance", branch: HONDA, daysAgo: 62, stop: "signed", consentAfterMinutes: 24 * 60,
    customer: {
      name: "Margaret Turner", dob: "1951-08-29", contact: "01632 960733 (landline; letters preferred)",
      vulnerable: "Recently bereaved and managing finances alone for the first time. Asked for everything on paper, a day to read it, and her son present when signing.",
    },
    bike: { make: "Honda", model: "CB500X", description: "Honda CB500X (2021), used, 8,400 miles, Grand Prix Red" },
    product: "hp", money: { cash: 5495, deposit: 1500, term: 36, apr: 9.9 },
    attempts: [{ lender: "honda", outcome: "accepted", medium: "paper", asked: true }],
    confirm: { daysAgo: 60, medium: "paper" }, sign: { daysAgo: 60, agreement: "HFE-2291044" },
    entries: [{ kind: "commission_paid", daysAfterSigning: 30, ofConfirmed: 1, reason: "Honda Finance Europe statement; matches the confirmed amount." }],
  },
  {
    by: "finance", branch: HD, daysAgo: 40, stop: "not_proceeding",
    customer: { name: "Connor Walsh", dob: "1986-10-11", contact: "07700 900902" },
    bike: { make: "Harley-Davidson", model: "Fat Boy", description: "Harley-Davidson Fat Boy 114 (2025), new, Whiskey Fire" },
    product: "pcp", money: { cash: 22995, deposit: 2500, term: 48, apr: 8.9, final: 10400 },
    attempts: [{ lender: "hd", outcome: "declined" }],
    notProceeding: "Declined by Harley-Davidson Financial Services; the customer chose not to be proposed to another lender.",
  },
  {
    by: "finance", branch: HONDA, daysAgo: 95, stop: "signed",
    customer: { name: "Neil Cooper", dob: "1973-05-06", contact: "neil.cooper@example.net" },
    bike: { make: "Honda", model: "NT1100", description: "Honda NT1100 (2025), new, Mat Iridium Grey" },
    product: "hp", money: { cash: 12799, deposit: 2000, term: 48, apr: 9.9 },
    attempts: [{ lender: "honda", outcome: "accepted" }],
    confirm: { daysAgo: 93, medium: "email" }, sign: { daysAgo: 93, agreement: "HFE-2287310" },
    entries: [
      { kind: "commission_paid", daysAfterSigning: 31, ofConfirmed: 1, reason: "Honda Finance Europe statement." },
      { kind: "legal_hold_on", daysAfterSigning: 70, reason: "Complaint received about the sale (ref. CMP-0042): keep the whole record until it is resolved." },
    ],
  },
  // --- Alex Admin: Laguna Motorcycles, Laguna Performance Centre, Laguna Triumph, Kent Motorcycles --
  {
    by: "admin", branch: "laguna-ktm", daysAgo: 170, stop: "signed",
    customer: { name: "James Robinson", dob: "1982-09-09", contact: "07700 900118" },
    bike: { make: "KTM", model: "790 Adventure", description: "KTM 790 Adventure (2026), new, Orange" },
    product: "pcp", money: { cash: 10499, deposit: 1500, contribution: 500, term: 36, apr: 7.9, final: 4700 },
    attempts: [{ lender: "ktm", outcome: "accepted" }],
    confirm: { daysAgo: 168, medium: "paper" }, sign: { daysAgo: 168, agreement: "KFS-30018871" },
    entries: [{ kind: "commission_paid", daysAfterSigning: 40, pounds: 300, reason: "KTM Financial Services paid £300, not the £339.96 confirmed: it applied its pre-registered-bike rate. Queried with the lender." }],
  },
  {
    by: "admin", branch: "laguna-ktm", daysAgo: 25, stop: "signed",
    customer: { name: "Oliver Hughes", dob: "1991-02-14", contact: "oliver.hughes@example.com" },
    bike: { make: "KTM", model: "1390 Super Adventure", description: "KTM 1390 Super Adventure R (2026), new, Black" },
    product: "hp", money: { cash: 20999, deposit: 4000, term: 60, apr: 9.9 },
    attempts: [{ lender: "ktm", outcome: "accepted" }],
    confirm: { daysAgo: 24, medium: "email" }, sign: { daysAgo: 24, agreement: "KFS-30027145" },
    entries: [
      { kind: "withdrawal", daysAfterSigning: 9, reason: "The customer withdrew from the agreement within 14 days and repaid the credit." },
      { kind: "clawback", daysAfterSigning: 12, ofConfirmed: 1, reason: "Commission clawed back in full after the withdrawal." },
    ],
  },
  {
    by: "admin", branch: "laguna-triumph", daysAgo: 178, stop: "signed",
    customer: { name: "Grace Edwards", dob: "1985-06-19", contact: "07700 900261" },
    bike: { make: "Triumph", model: "Tiger 900 Rally Pro", description: "Triumph Tiger 900 Rally Pro (2025), new, Matt Khaki" },
    product: "hp", money: { cash: 15795, deposit: 3000, term: 48, apr: 9.9 },
    attempts: [{ lender: "triumph", outcome: "accepted" }],
    confirm: { daysAgo: 176, medium: "paper" }, sign: { daysAgo: 176, agreement: "TMF-7718230" },
    entries: [
      { kind: "commission_paid", daysAfterSigning: 30, ofConfirmed: 1, reason: "Triumph Motorcycles Finance statement." },
      { kind: "early_settlement", daysAfterSigning: 150, pounds: 11742.18, reason: "The customer settled early (settlement figure from the lender)." },
      { kind: "clawback", daysAfterSigning: 155, ofConfirmed: 0.75, reason: "Pro-rata clawback: settled in month 5 of 48, so 75% of the commission within the first year is returned." },
    ],
  },
  {
    by: "admin", branch: "laguna-triumph", daysAgo: 120, stop: "signed",
    customer: { name: "Callum McAlister", dob: "1993-12-01", contact: "07700 900388" },
    bike: { make: "Triumph", model: "Street Triple 765", description: "Triumph Street Triple 765 RS (2025), new, Carbon Black" },
    product: "hp", money: { cash: 11195, deposit: 2000, term: 48, apr: 9.9 },
    attempts: [{ lender: "triumph", outcome: "accepted" }],
    confirm: { daysAgo: 118, medium: "paper" }, sign: { daysAgo: 118, agreement: "TMF-7720118" },
    entries: [{ kind: "correction", daysAfterSigning: 3, reason: "The customer's surname is McAllister (double l), as on the signed agreement; the record was keyed as McAlister." }],
  },
  {
    by: "admin", branch: "laguna-triumph", daysAgo: 65, stop: "signed",
    customer: { name: "Zara Ahmed", dob: "1997-04-04", contact: "zara.ahmed@example.co.uk" },
    bike: { make: "Triumph", model: "Trident 660", description: "Triumph Trident 660 (2025), new, Cranberry Red" },
    product: "pcp", money: { cash: 7995, deposit: 500, contribution: 500, px: 1800, term: 36, apr: 6.9, final: 3100 },
    attempts: [{ lender: "triumph", outcome: "accepted", medium: "pdf" }],
    confirm: { daysAgo: 64, medium: "pdf" }, sign: { daysAgo: 64, agreement: "TMF-7724561" },
    entries: [{ kind: "commission_paid", daysAfterSigning: 28, ofConfirmed: 1, reason: "Triumph Motorcycles Finance statement." }],
  },
  {
    // Johnson-like: a fixed fee that is a quarter of the credit and over half the charge for credit.
    by: "admin", branch: "kent-motorcycles", daysAgo: 45, stop: "signed",
    customer: { name: "Kevin Marsh", dob: "1980-03-23", contact: "07700 900455" },
    bike: { make: "Suzuki", model: "V-Strom 650", description: "Suzuki V-Strom 650 XT (2020), used, 21,300 miles, Yellow" },
    product: "hp", money: { cash: 4200, deposit: 2200, term: 36, apr: 29.9 },
    attempts: [{ lender: "northgate", outcome: "declined" }, { lender: "kentish", outcome: "accepted", medium: "paper", asked: true }],
    confirm: { daysAgo: 43, medium: "paper" },
    review:
      "Checked: £500 is Kentish's fixed fee (schedule v1) whatever the rate, so not discretionary; the customer asked and was told the amount " +
      "in writing before consenting; Northgate declined; no tie with Kentish. High against the credit (25%) and the charge for credit: approved, monitor.",
    sign: { daysAgo: 43, agreement: "KCF-0098812" },
    entries: [{ kind: "commission_paid", daysAfterSigning: 21, ofConfirmed: 1, reason: "Kentish Consumer Finance remittance." }],
  },
  {
    // Disclosed under Northgate's £400 schedule; the fee rose to £450 before the deal was confirmed: fresh consent.
    by: "admin", branch: "kent-motorcycles", daysAgo: 80, stop: "signed",
    customer: { name: "Lucy Hall", dob: "1989-10-27", contact: "lucy.hall@example.com", distance: true },
    bike: { make: "Yamaha", model: "Ténéré 700", description: "Yamaha Ténéré 700 (2022), used, 9,800 miles, Blue" },
    product: "hp", money: { cash: 8495, deposit: 1500, term: 48, apr: 12.9 },
    attempts: [{ lender: "northgate", outcome: "accepted", medium: "email" }],
    confirm: { daysAgo: 74, pounds: 450, medium: "email" }, sign: { daysAgo: 73, agreement: "NMC-55102934" },
    entries: [{ kind: "commission_paid", daysAfterSigning: 35, ofConfirmed: 1, reason: "Northgate Motor Credit statement." }],
  },
  {
    by: "admin", branch: "laguna-ktm", daysAgo: 30, stop: "not_proceeding",
    customer: { name: "Ryan Ward", dob: "1999-08-16", contact: "07700 900560" },
    bike: { make: "KTM", model: "390 Adventure", description: "KTM 390 Adventure X (2025), new, Orange" },
    product: "hp", money: { cash: 5899, deposit: 1000, term: 36, apr: 9.9 },
    attempts: [{ lender: "ktm", outcome: "pending" }],
    notProceeding: "The customer decided to pay cash after reading the disclosure; no proposal was made.",
  },
  {
    by: "admin", branch: "laguna-ktm", daysAgo: 7, stop: "proposed",
    customer: { name: "Mohammed Iqbal", dob: "1987-01-09", contact: "07700 900688" },
    bike: { make: "KTM", model: "890 SMT", description: "KTM 890 SMT (2025), new, Orange/Black" },
    product: "hp", money: { cash: 13499, deposit: 2500, term: 48, apr: 10.9 },
    attempts: [{ lender: "northgate", outcome: "pending", reason: "The customer has an existing Northgate agreement in good standing and asked for Northgate first." }],
  },
  {
    by: "admin", branch: "laguna-performance", daysAgo: 2, stop: "draft",
    customer: { name: "Isla Green", dob: "2001-05-30", contact: "isla.green@example.com" },
    bike: { make: "Husqvarna", model: "Svartpilen 401", description: "Husqvarna Svartpilen 401 (2025), new, White" },
    product: "hp", money: { cash: 5699, deposit: 600, term: 48, apr: 11.9 },
  },
];
