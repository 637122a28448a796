import { z } from "zod";

/** The approve buttons on /compliance/approvals: one disclosure-document version or one tie. */
export const ApproveSubjectSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve-document"), subjectId: z.uuid({ error: "Choose a document from the list." }) }),
  z.object({ intent: z.literal("approve-tie"), subjectId: z.uuid({ error: "Choose a tie from the list." }) }),
]);
