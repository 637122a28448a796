import type { MarketingConsentMethod } from "@db/schema/customers";

export const CONSENT_METHOD_LABELS: Record<MarketingConsentMethod, string> = {
  in_person: "In person",
  phone: "By phone",
  email: "By email",
  web_form: "Web form",
  letter: "By letter",
};

/** The personal fields' names as a person reads them (merge records, audit). */
export const FIELD_LABELS: Record<string, string> = {
  name: "Name",
  dateOfBirth: "Date of birth",
  email: "Email",
  phone: "Phone",
  addressLine1: "Address line 1",
  addressLine2: "Address line 2",
  town: "Town",
  postcode: "Postcode",
  ukResident: "Lives in the UK",
  marketingConsentGivenAt: "Marketing consent given",
  marketingConsentMethod: "Consent given how",
  marketingConsentWording: "Consent wording version",
  marketingConsentWithdrawnAt: "Consent withdrawn",
  notes: "Notes",
};
