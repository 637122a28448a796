import { Form } from "@remix-run/react";
import { ConfirmButton } from "~/components/confirm-button";
import { SubmitButton } from "~/components/submit-button";
import { formatPounds } from "~/utils/money";
import { OFFER_KIND_LABELS } from "./offer-rules";

export interface OffersPanelData {
  applied: { id: string; title: string; kind: "manufacturer" | "dealer"; valuePence: number | null }[];
  /** Live offers for the brand; `problem` says why one can't be applied now (null: it can). */
  choices: { id: string; title: string; kind: "manufacturer" | "dealer"; problem: string | null }[];
}

/**
 * The offers on a reservation or deal, their value, a control to remove each, and a form to apply
 * another: only offers that can be applied are offered, the others are listed with the reason.
 * `version` is what a removal is compared against (the reservation's, or the deal's).
 */
export function AppliedOffersPanel(props: { data: OffersPanelData; canApply: boolean; version: { name: string; value: number }; error?: string }) {
  const { applied, choices } = props.data;
  const open = choices.filter((offer) => offer.problem === null);
  const blocked = choices.filter((offer) => offer.problem !== null && !applied.some((a) => a.id === offer.id));
  return (
    <section className="panel" aria-labelledby="offers-title">
      <h2 id="offers-title">Offers</h2>
      {applied.length ? (
        <ul className="link-list">
          {applied.map((offer) => (
            <li key={offer.id}>
              <a href={`/offers/${offer.id}`}>{offer.title}</a> <span className="badge">{OFFER_KIND_LABELS[offer.kind]}</span>
              {offer.valuePence ? ` · worth ${formatPounds(offer.valuePence)}` : ""}
              {props.canApply ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="remove-offer" />
                  <input type="hidden" name="offerId" value={offer.id} />
                  <input type="hidden" name={props.version.name} value={props.version.value} />
                  <ConfirmButton
                    id={`remove-offer-${offer.id}`}
                    label="Remove"
                    ariaLabel={`Remove ${offer.title}`}
                    title={`Remove "${offer.title}"?`}
                    confirmLabel="Remove offer"
                  >
                    <p>The offer comes off; you can apply it again while it is live. The audit log keeps the removal.</p>
                  </ConfirmButton>
                </Form>
              ) : null}
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
      {props.canApply && open.length ? (
        <Form method="post" className="form-actions">
          <input type="hidden" name="intent" value="apply-offer" />
          <label className="field">
            <span>Offer live today</span>
            <select name="offerId" required>
              {open.map((offer) => (
                <option key={offer.id} value={offer.id}>
                  {offer.title} ({OFFER_KIND_LABELS[offer.kind]})
                </option>
              ))}
            </select>
          </label>
          <SubmitButton className="button">Apply offer</SubmitButton>
        </Form>
      ) : null}
      {props.canApply && blocked.length ? (
        <>
          <h3>Offers that can't be applied here</h3>
          <ul className="link-list">
            {blocked.map((offer) => (
              <li key={offer.id}>
                <a href={`/offers/${offer.id}`}>{offer.title}</a> <span className="badge">{OFFER_KIND_LABELS[offer.kind]}</span>: {offer.problem}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
