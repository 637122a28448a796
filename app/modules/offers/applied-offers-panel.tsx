import { Form } from "@remix-run/react";
import { formatPounds } from "~/utils/money";
import { OFFER_KIND_LABELS } from "./offer-rules";
import { SubmitButton } from "~/components/submit-button";

export interface OffersPanelData {
  applied: { id: string; title: string; kind: "manufacturer" | "dealer"; valuePence: number | null }[];
  applicable: { id: string; title: string; kind: "manufacturer" | "dealer" }[];
}

/** The offers on a reservation or deal, their value, and a form to apply another (the server refuses mixes). */
export function AppliedOffersPanel(props: { data: OffersPanelData; canApply: boolean; error?: string }) {
  const { applied, applicable } = props.data;
  const choices = applicable.filter((offer) => !applied.some((a) => a.id === offer.id));
  return (
    <section className="panel" aria-labelledby="offers-title">
      <h2 id="offers-title">Offers</h2>
      {applied.length ? (
        <ul className="link-list">
          {applied.map((offer) => (
            <li key={offer.id}>
              <a href={`/offers/${offer.id}`}>{offer.title}</a> <span className="badge">{OFFER_KIND_LABELS[offer.kind]}</span>
              {offer.valuePence ? ` · worth ${formatPounds(offer.valuePence)}` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No offers applied.</p>
      )}
      {props.error ? (
        <div className="form-errors" role="alert">
          <p>{props.error}</p>
        </div>
      ) : null}
      {props.canApply && choices.length ? (
        <Form method="post" className="form-actions">
          <input type="hidden" name="intent" value="apply-offer" />
          <label className="field">
            <span>Offer live today</span>
            <select name="offerId" required>
              {choices.map((offer) => (
                <option key={offer.id} value={offer.id}>
                  {offer.title} ({OFFER_KIND_LABELS[offer.kind]})
                </option>
              ))}
            </select>
          </label>
          <SubmitButton className="button">
            Apply offer
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
