import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { formatDateTime } from "~/utils/dates";
import { formatPounds } from "~/utils/money";
import { formatBasisPoints } from "./commission";
import { COMMISSION_BASIS_LABELS, DISCLOSURE_MEDIUM_LABELS, OTHER_PAYMENT_KIND_LABELS, TIE_KIND_LABELS } from "./finance-labels";
import type { CommissionBasis, DisclosureMedium, TieKind } from "@db/schema/finance";

/** Everything the customer is given for one deal's disclosure: the facts only, no clock or randomness. */
export interface DisclosurePdfInput {
  reference: string;
  branchName: string;
  customerName: string;
  vehicle: string;
  creditPence: number;
  givenAt: Date;
  givenByName: string;
  medium: DisclosureMedium;
  firmStatus: string;
  notice: { version: number; title: string; body: string; sha256: string };
  lender: { name: string; fcaFrn: string };
  basis: CommissionBasis;
  schedule: { amountPence: number | null; percentBasisPoints: number | null } | null;
  estimatedCommissionPence: number;
  /** The panel in the order this deal would go to it: the manufacturer lender first. */
  panel: { name: string; fcaFrn: string; manufacturer: boolean; basis: CommissionBasis | null; likelyPence: number | null }[];
  otherPayments: { lenderName: string; kind: keyof typeof OTHER_PAYMENT_KIND_LABELS; description: string; amountPence: number | null }[];
  ties: { lenderName: string; reference: string; kind: TieKind; terms: string }[];
}

/** Said on every document: the group's schedules never vary with the rate (discretionary commission is banned). */
export const PRICE_EFFECT_TEXT =
  "The lender pays us this commission; you do not pay it to us separately. Our commission is a fixed fee or a fixed " +
  "percentage of the amount you borrow, set by the lender's schedule: it never depends on the interest rate, and we " +
  "cannot raise your rate to earn more. Lenders take the commission they pay into account when they set their rates, " +
  "so it may be reflected in the cost of your credit. Different lenders pay different amounts, so the commission can " +
  "affect which lender we introduce you to; we introduce you first to the lender listed first in our panel above.";

const A4 = [595.28, 841.89] as const;
const MARGIN = 50;
const WIDTH = A4[0] - 2 * MARGIN;

/** The PDF's bytes: the same input always gives the same bytes, so the SHA-256 kept beside them can be re-checked. */
export async function renderDisclosurePdf(input: DisclosurePdfInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  // Dates from the disclosure itself, never the clock: re-rendering gives the same bytes.
  pdf.setTitle(`Commission disclosure ${input.reference}`);
  pdf.setAuthor("Laguna Motorcycles Limited");
  pdf.setSubject(`${input.notice.title} v${input.notice.version}`);
  pdf.setCreator("Laguna Admin");
  pdf.setProducer("Laguna Admin (pdf-lib)");
  pdf.setCreationDate(input.givenAt);
  pdf.setModificationDate(input.givenAt);

  const writer = new Writer(pdf, regular, bold);
  writer.text(`How we are paid: ${input.reference}`, { font: bold, size: 16 });
  writer.text(`${input.notice.title} (version ${input.notice.version})`, { size: 11 });
  writer.gap(6);
  writer.facts([
    ["Customer", input.customerName],
    ["Bike", input.vehicle],
    ["Branch", input.branchName],
    ["Given", `${formatDateTime(input.givenAt)} (UK time) by ${input.givenByName}, ${DISCLOSURE_MEDIUM_LABELS[input.medium].toLowerCase()}`],
  ]);
  writer.heading("Who we are");
  writer.text(input.firmStatus);
  writer.heading("What we must tell you");
  for (const paragraph of input.notice.body.split(/\n\s*\n/)) writer.text(paragraph);
  writer.heading("The lender we expect to introduce you to, and what it pays us");
  const rate = input.basis === "percent_of_credit" && input.schedule?.percentBasisPoints != null ? ` (${formatBasisPoints(input.schedule.percentBasisPoints)} of ${formatPounds(input.creditPence)} borrowed)` : "";
  writer.facts([
    ["Lender", `${input.lender.name} (FCA FRN ${input.lender.fcaFrn})`],
    ["Commission basis", `${COMMISSION_BASIS_LABELS[input.basis]}${rate}`],
    ["Likely commission", formatPounds(input.estimatedCommissionPence)],
  ]);
  writer.heading("Our panel of lenders, in the order we would introduce you");
  input.panel.forEach((lender, n) =>
    writer.text(
      `${n + 1}. ${lender.name} (FCA FRN ${lender.fcaFrn})${lender.manufacturer ? ", the manufacturer's lender for this bike" : ""}: ` +
        (lender.basis ? `${COMMISSION_BASIS_LABELS[lender.basis].toLowerCase()}, likely ${formatPounds(lender.likelyPence)}` : "no commission schedule for this bike"),
    ),
  );
  writer.heading("Other payments lenders make to us");
  if (input.otherPayments.length === 0) writer.text("None.");
  for (const p of input.otherPayments) writer.text(`${p.lenderName}: ${OTHER_PAYMENT_KIND_LABELS[p.kind].toLowerCase()}${p.amountPence !== null ? ` of ${formatPounds(p.amountPence)}` : ""}. ${p.description}`);
  writer.heading("Our ties to lenders");
  if (input.ties.length === 0) writer.text("None in force.");
  for (const tie of input.ties) writer.text(`${tie.lenderName} (${tie.reference}): ${TIE_KIND_LABELS[tie.kind].toLowerCase()}. ${tie.terms}`);
  writer.heading("How commission may affect the price");
  writer.text(PRICE_EFFECT_TEXT);
  writer.gap(12);
  writer.text(`Notice text SHA-256: ${input.notice.sha256}`, { size: 7 });
  writer.footers(`${input.reference} · commission disclosure`);
  // Object streams off: plain cross-reference tables, the widest-read form.
  return pdf.save({ useObjectStreams: false });
}

/** Lays text out top to bottom, wrapping lines and starting pages as needed. */
class Writer {
  private page: PDFPage;
  private y = 0;
  constructor(
    private pdf: PDFDocument,
    private regular: PDFFont,
    private bold: PDFFont,
  ) {
    this.page = this.newPage();
  }

  private newPage() {
    this.page = this.pdf.addPage([...A4]);
    this.y = A4[1] - MARGIN;
    return this.page;
  }

  gap(points: number) {
    this.y -= points;
  }

  heading(title: string) {
    if (this.y < MARGIN + 60) this.newPage();
    this.gap(8);
    this.text(title, { font: this.bold, size: 12 });
  }

  facts(rows: [string, string][]) {
    for (const [label, value] of rows) this.text(`${label}: ${value}`);
  }

  text(raw: string, options: { font?: PDFFont; size?: number } = {}) {
    const font = options.font ?? this.regular;
    const size = options.size ?? 10;
    const lineHeight = size * 1.35;
    for (const line of wrap(printable(raw, font), font, size)) {
      if (this.y - lineHeight < MARGIN) this.newPage();
      this.y -= lineHeight;
      this.page.drawText(line, { x: MARGIN, y: this.y, size, font, color: rgb(0, 0, 0) });
    }
    this.y -= size * 0.4;
  }

  footers(label: string) {
    const pages = this.pdf.getPages();
    pages.forEach((page, n) => page.drawText(printable(`${label} · page ${n + 1} of ${pages.length}`, this.regular), { x: MARGIN, y: MARGIN / 2, size: 8, font: this.regular, color: rgb(0.3, 0.3, 0.3) }));
  }
}

/** The standard fonts encode WinAnsi only: anything else (an emoji in a name) is shown as "?". */
const characterSets = new WeakMap<PDFFont, Set<number>>();
function printable(text: string, font: PDFFont) {
  let supported = characterSets.get(font);
  if (!supported) characterSets.set(font, (supported = new Set(font.getCharacterSet())));
  return [...text.replace(/\r\n?/g, "\n").replace(/\t/g, " ")].map((ch) => (ch === "\n" || supported.has(ch.codePointAt(0)!) ? ch : "?")).join("");
}

/** Greedy wrapping, each word measured once (measuring the growing line each time was quadratic). */
function wrap(text: string, font: PDFFont, size: number) {
  const lines: string[] = [];
  const space = font.widthOfTextAtSize(" ", size);
  for (const paragraph of text.split("\n")) {
    let line = "";
    let width = 0;
    for (const word of paragraph.split(/ +/)) {
      const wordWidth = font.widthOfTextAtSize(word, size);
      if (line && width + space + wordWidth > WIDTH) {
        lines.push(line);
        line = word;
        width = wordWidth;
      } else {
        line = line ? `${line} ${word}` : word;
        width = line === word ? wordWidth : width + space + wordWidth;
      }
    }
    lines.push(line);
  }
  return lines;
}
