import { z } from "zod";
import { pastMoment, text, uuid } from "~/utils/fields";

const disclosureId = uuid("Choose the disclosure the customer acknowledged.");

/** On the shop's tablet: the customer types their name and ticks that they were given the document. */
export const TabletAcknowledgmentSchema = z.object({
  intent: z.literal("tablet"),
  disclosureId,
  typedName: text("customer's name as they type it", { min: 2, max: 120, required: "Type your full name." }),
  confirmed: z.literal("on", { error: "Tick the box to say you have been given and read this document." }),
});

/** Signed on paper: when they signed, and the scan (checked in the domain: type by its bytes, size). */
export const ScanAcknowledgmentSchema = z.object({
  intent: z.literal("scan"),
  disclosureId,
  signedAt: pastMoment("time the customer signed"),
});
