// Writes app/modules/compliance/oversight-export.schema.json from the sections' specs (oversight-figures.ts):
// run it after adding a section or a figure (`node --import tsx scripts/oversight-export-schema.ts`);
// tests/integration/oversight-export.test.ts fails while the two disagree.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { SECTION_SPECS, type SectionSpec } from "../app/modules/compliance/oversight-figures";
const unitSchema = { count: { $ref: "#/$defs/count" }, pence: { $ref: "#/$defs/pence" }, ratio: { $ref: "#/$defs/ratio" } } as const;
function section(spec: SectionSpec) {
  return {
    description: `${spec.title}. ${spec.description}`,
    type: "object",
    allOf: [{ $ref: "#/$defs/section" }],
    properties: {
      figures: { type: "array", items: { type: "object", properties: { name: { enum: spec.figures.map((f) => f.name) } } }, minItems: spec.figures.length, maxItems: spec.figures.length },
      dimensions: { type: "object", propertyNames: { enum: Object.keys(spec.dimensions) } },
      rows: {
        type: "array",
        items: {
          type: "object",
          properties: {
            dimension: { enum: Object.keys(spec.dimensions) },
            values: {
              type: "object",
              properties: Object.fromEntries(spec.figures.map((f) => [f.name, { ...unitSchema[f.unit], description: f.label }])),
              required: spec.figures.map((f) => f.name),
              additionalProperties: false,
            },
          },
        },
      },
    },
  };
}
const schema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://laguna.example/schemas/oversight-export.schema.json",
  title: "Laguna Admin oversight export",
  description:
    "The figures the principal firm (Automotive Compliance Ltd, FCA 497010) needs for a period: GET /compliance/export.json?from=YYYY-MM-DD&to=YYYY-MM-DD. The period is London calendar days with both ends included. Money is integer pence; ratios are fractions (0.05 = 5%), null when there is nothing to divide by. Each section lists its figures and its rows: the total (dimension \"all\") then one row per branch, lender, product, cause or rule.",
  type: "object",
  properties: {
    schemaVersion: { const: 1, description: "Version of this schema." },
    generatedAt: { type: "string", format: "date-time", description: "When the export was produced (UTC)." },
    generatedBy: {
      type: "object",
      description: "Who produced it.",
      properties: {
        id: { type: "string", format: "uuid", description: "User id." },
        name: { type: "string", description: "Name." },
        email: { type: "string", description: "Email." },
        role: { enum: ["admin", "compliance"], description: "Role (only these may export)." },
      },
      required: ["id", "name", "email", "role"],
      additionalProperties: false,
    },
    period: {
      type: "object",
      description: "The period: London calendar days, both ends included.",
      properties: {
        from: { $ref: "#/$defs/day", description: "First day." },
        to: { $ref: "#/$defs/day", description: "Last day (included)." },
        toInclusive: { const: true, description: "The last day is part of the period." },
        timeZone: { const: "Europe/London", description: "The days are London days." },
      },
      required: ["from", "to", "toInclusive", "timeZone"],
      additionalProperties: false,
    },
    sections: {
      type: "object",
      description: "The sections, by id.",
      properties: {
        ...Object.fromEntries(SECTION_SPECS.map((spec) => [spec.id, section(spec)])),
      },
      required: SECTION_SPECS.map((spec) => spec.id),
      additionalProperties: false,
    },
  },
  required: ["schemaVersion", "generatedAt", "generatedBy", "period", "sections"],
  additionalProperties: false,
  $defs: {
    day: { type: "string", format: "date", description: "A calendar day, YYYY-MM-DD." },
    count: { type: "integer", minimum: 0 },
    pence: { type: ["integer", "null"], minimum: 0, description: "Money in integer pence (null: an average of nothing)." },
    ratio: { type: ["number", "null"], minimum: 0, description: "A fraction (0.05 = 5%), null when the whole is zero." },
    section: {
      type: "object",
      description: "A section: its figures, the breakdowns its rows use, and the rows.",
      properties: {
        title: { type: "string", minLength: 1, description: "Heading." },
        description: { type: "string", description: "What is counted, and by which date." },
        dimensions: { type: "object", description: "Each breakdown's name and heading.", additionalProperties: { type: "string" } },
        figures: {
          type: "array",
          description: "The figures of each row, in order.",
          items: {
            type: "object",
            properties: {
              name: { type: "string", pattern: "^[a-z][A-Za-z]*$", description: "Key in each row's values." },
              label: { type: "string", description: "Heading for people." },
              unit: { enum: ["count", "pence", "ratio"], description: "count, integer pence, or a fraction." },
            },
            required: ["name", "label", "unit"],
            additionalProperties: false,
          },
        },
        rows: {
          type: "array",
          description: "The total first (dimension \"all\"), then each breakdown's rows.",
          items: {
            type: "object",
            properties: {
              dimension: { type: "string", description: "Which breakdown: all, branch, lender, product, cause, rule." },
              key: { type: "string", description: "A stable key: a branch's slug, a lender's id, a product or cause code, a rule's text; \"none\" for no lender or product; \"all\" for the total." },
              label: { type: "string", description: "Name for people." },
              values: { type: "object", description: "Each figure's value.", additionalProperties: { type: ["number", "null"] } },
            },
            required: ["dimension", "key", "label", "values"],
            additionalProperties: false,
          },
        },
      },
      required: ["title", "description", "dimensions", "figures", "rows"],
      additionalProperties: false,
    },
  },
};
writeFileSync(join(import.meta.dirname, "../app/modules/compliance/oversight-export.schema.json"), `${JSON.stringify(schema, null, 2)}\n`);
