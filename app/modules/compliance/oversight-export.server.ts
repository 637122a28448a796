import { db } from "@db/client";
import { recordAudit } from "~/modules/audit/record.server";
import { can, type SessionUser } from "~/modules/auth/permissions";
import { Refusal } from "~/utils/result.server";
import { LONDON } from "~/utils/dates";
import type { ExportPeriod } from "./export-period";
import type { FigureSpec } from "./oversight-figures";
import { OVERSIGHT_SECTIONS, type SectionRow } from "./oversight-sections.server";

export type ExportFormat = "html" | "csv" | "json";

export interface ExportedSection {
  title: string;
  description: string;
  dimensions: Record<string, string>;
  figures: FigureSpec[];
  rows: SectionRow[];
}

/** The export as JSON (described by oversight-export.schema.json): money in integer pence, ratios 0-1. */
export interface OversightExport {
  schemaVersion: 1;
  generatedAt: string;
  generatedBy: { id: string; name: string; email: string; role: string };
  period: { from: string; to: string; toInclusive: true; timeZone: typeof LONDON };
  sections: Record<string, ExportedSection>;
}

/**
 * Gathers every section for the period and records who exported which period in which format, in
 * one transaction with the audit row: an export of regulated figures is itself a fact to keep.
 */
export async function buildOversightExport(input: { actor: SessionUser; period: ExportPeriod; format: ExportFormat; now?: Date }): Promise<OversightExport> {
  const { actor, period, format } = input;
  if (!can(actor, "oversight:export")) throw new Refusal("You can't export the principal's oversight figures.", undefined, 403);
  const sections: Record<string, ExportedSection> = {};
  // One after another: PGlite runs one statement at a time anyway, and each section is one statement.
  for (const section of OVERSIGHT_SECTIONS) {
    const { id, title, description, dimensions, figures } = section.spec;
    sections[id] = { title, description, dimensions, figures, rows: await section.rows(period) };
  }
  await db().transaction(async (tx) => {
    await recordAudit(tx, { actor, action: "oversight.exported", entityType: "oversight_export", entityId: null, after: { from: period.from, to: period.to, format } });
  });
  return {
    schemaVersion: 1,
    generatedAt: (input.now ?? new Date()).toISOString(),
    generatedBy: { id: actor.id, name: actor.name, email: actor.email, role: actor.role },
    period: { from: period.from, to: period.to, toInclusive: true, timeZone: LONDON },
    sections,
  };
}

export const CSV_HEADER = ["period_from", "period_to", "section", "dimension", "key", "label", "figure", "unit", "value"];

/** One CSV row per figure: long form, so a new section or figure adds rows, never columns. */
export function exportCsvRows(data: OversightExport): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [CSV_HEADER];
  for (const [id, section] of Object.entries(data.sections)) {
    for (const row of section.rows) {
      for (const figure of section.figures) {
        rows.push([data.period.from, data.period.to, id, row.dimension, row.key, row.label, figure.name, figure.unit, row.values[figure.name] ?? null]);
      }
    }
  }
  return rows;
}

export const exportFilename = (period: ExportPeriod, extension: "csv" | "json") => `laguna-oversight-${period.from}-to-${period.to}.${extension}`;
