-- The finance log tells events in the order they happened (issue #12). The app checks the same rules
-- first and names the step (app/modules/finance/record-order.ts); the database refuses whatever gets
-- past it. Only new rows and changes are checked: rows stored before this migration stay as they are,
-- and `npm run finance:check` lists any that are out of order or self-reviewed.
--
-- Reviews stored before 0019 were made when they were entered.
ALTER TABLE commission_reviews DISABLE TRIGGER commission_reviews_no_update;
--> statement-breakpoint
UPDATE commission_reviews SET reviewed_at = created_at;
--> statement-breakpoint
ALTER TABLE commission_reviews ENABLE TRIGGER commission_reviews_no_update;
--> statement-breakpoint
-- How far ahead of the clock a time may be: CLOCK_SLACK_MINUTES in app/utils/dates.ts (a test holds them equal).
CREATE OR REPLACE FUNCTION finance_clock_slack() RETURNS interval LANGUAGE sql IMMUTABLE AS $$ SELECT interval '5 minutes' $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION finance_time_text(at timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC'
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION finance_not_before(step text, at timestamptz, what text, bound timestamptz) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF bound IS NOT NULL AND at < bound THEN
    PERFORM finance_refuse(format('%s can''t be before the %s of %s', step, what, finance_time_text(bound)));
  END IF;
END;
$$;
--> statement-breakpoint
-- Every step: not in the future, not before the deal was recorded (to the second), not after its signing.
CREATE OR REPLACE FUNCTION finance_step_time(deal_id uuid, step text, at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  deal record;
BEGIN
  SELECT created_at, signed_at INTO deal FROM finance_deals WHERE id = deal_id;
  IF at > now() + finance_clock_slack() THEN
    PERFORM finance_refuse(format('%s can''t be in the future (%s)', step, finance_time_text(at)));
  END IF;
  PERFORM finance_not_before(step, at, 'recording of the deal', date_trunc('second', deal.created_at));
  IF deal.signed_at IS NOT NULL AND at > deal.signed_at THEN
    PERFORM finance_refuse(format('%s can''t be after the signing of %s', step, finance_time_text(deal.signed_at)));
  END IF;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION finance_disclosure_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM finance_step_time(NEW.deal_id, 'the disclosure', NEW.given_at);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- Consent answers its disclosure (the latest, when none is named); fresh consent answers the latest confirmation.
CREATE OR REPLACE FUNCTION finance_consent_order() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  step text := CASE WHEN NEW.kind = 'fresh' THEN 'fresh consent' ELSE 'consent' END;
BEGIN
  PERFORM finance_step_time(NEW.deal_id, step, NEW.given_at);
  PERFORM finance_not_before(step, NEW.given_at, 'disclosure', coalesce(
    (SELECT given_at FROM deal_disclosures WHERE id = NEW.disclosure_id),
    (SELECT max(given_at) FROM deal_disclosures WHERE deal_id = NEW.deal_id)));
  IF NEW.kind = 'fresh' THEN
    PERFORM finance_not_before(step, NEW.given_at, 'commission confirmation', (SELECT max(confirmed_at) FROM commission_confirmations WHERE deal_id = NEW.deal_id));
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- A proposal comes after the customer's consent to that lender's latest disclosure before it, and
-- after every earlier attempt's answer and withdrawal; an answer after its proposal.
CREATE OR REPLACE FUNCTION finance_attempt_order() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  disclosed timestamptz;
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM finance_step_time(NEW.deal_id, 'the proposal', NEW.proposed_at);
    SELECT max(given_at) INTO disclosed FROM deal_disclosures WHERE deal_id = NEW.deal_id AND lender_id = NEW.lender_id AND given_at <= NEW.proposed_at;
    IF disclosed IS NULL OR NOT EXISTS (
      SELECT 1 FROM deal_consents WHERE deal_id = NEW.deal_id AND kind = 'initial' AND given_at >= disclosed AND given_at <= NEW.proposed_at
    ) THEN
      PERFORM finance_refuse('the proposal can''t be before the customer''s consent to that lender''s disclosure');
    END IF;
    PERFORM finance_not_before('the proposal', NEW.proposed_at, 'lender''s answer', (SELECT max(decided_at) FROM lender_attempts WHERE deal_id = NEW.deal_id AND sequence < NEW.sequence));
    PERFORM finance_not_before('the proposal', NEW.proposed_at, 'withdrawal of the acceptance', (SELECT max(withdrawn_at) FROM acceptance_withdrawals WHERE deal_id = NEW.deal_id));
  END IF;
  IF NEW.decided_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.decided_at IS DISTINCT FROM NEW.decided_at) THEN
    PERFORM finance_step_time(NEW.deal_id, 'the lender''s answer', NEW.decided_at);
    PERFORM finance_not_before('the lender''s answer', NEW.decided_at, 'proposal', NEW.proposed_at);
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION finance_withdrawal_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM finance_step_time(NEW.deal_id, 'the withdrawal of the acceptance', NEW.withdrawn_at);
  PERFORM finance_not_before('the withdrawal of the acceptance', NEW.withdrawn_at, 'lender''s acceptance', (SELECT decided_at FROM lender_attempts WHERE id = NEW.attempt_id));
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION finance_confirmation_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM finance_step_time(NEW.deal_id, 'the commission confirmation', NEW.confirmed_at);
  PERFORM finance_not_before('the commission confirmation', NEW.confirmed_at, 'lender''s acceptance', (SELECT decided_at FROM lender_attempts WHERE id = NEW.attempt_id));
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- A review comes after the figures it reviews, and is made by a second person: not the deal's member
-- of staff, nor anyone who gave it a disclosure (nor its signer: see finance_signing_order).
CREATE OR REPLACE FUNCTION finance_review_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM finance_step_time(NEW.deal_id, 'the review', NEW.reviewed_at);
  IF NEW.attempt_id IS NOT NULL THEN
    PERFORM finance_not_before('the review', NEW.reviewed_at, 'lender''s acceptance', (SELECT decided_at FROM lender_attempts WHERE id = NEW.attempt_id));
    PERFORM finance_not_before('the review', NEW.reviewed_at, 'commission confirmation', (SELECT max(confirmed_at) FROM commission_confirmations WHERE attempt_id = NEW.attempt_id));
  END IF;
  IF EXISTS (SELECT 1 FROM finance_deals WHERE id = NEW.deal_id AND staff_id = NEW.reviewer_id) THEN
    PERFORM finance_refuse('four eyes: the deal''s own member of staff can''t review its commission');
  END IF;
  IF EXISTS (SELECT 1 FROM deal_disclosures WHERE deal_id = NEW.deal_id AND given_by = NEW.reviewer_id) THEN
    PERFORM finance_refuse('four eyes: whoever gave the deal''s disclosure can''t review its commission');
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- Signing comes after every step on the record, by someone who didn't review the deal's commission.
CREATE OR REPLACE FUNCTION finance_signing_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.signed_at IS NULL AND NEW.signed_at IS NOT NULL THEN
    PERFORM finance_step_time(NEW.id, 'signing', NEW.signed_at);
    PERFORM finance_not_before('signing', NEW.signed_at, 'disclosure', (SELECT max(given_at) FROM deal_disclosures WHERE deal_id = NEW.id));
    PERFORM finance_not_before('signing', NEW.signed_at, 'consent', (SELECT max(given_at) FROM deal_consents WHERE deal_id = NEW.id));
    PERFORM finance_not_before('signing', NEW.signed_at, 'proposal', (SELECT max(proposed_at) FROM lender_attempts WHERE deal_id = NEW.id));
    PERFORM finance_not_before('signing', NEW.signed_at, 'lender''s answer', (SELECT max(decided_at) FROM lender_attempts WHERE deal_id = NEW.id));
    PERFORM finance_not_before('signing', NEW.signed_at, 'withdrawal of the acceptance', (SELECT max(withdrawn_at) FROM acceptance_withdrawals WHERE deal_id = NEW.id));
    PERFORM finance_not_before('signing', NEW.signed_at, 'commission confirmation', (SELECT max(confirmed_at) FROM commission_confirmations WHERE deal_id = NEW.id));
    PERFORM finance_not_before('signing', NEW.signed_at, 'review', (SELECT max(reviewed_at) FROM commission_reviews WHERE deal_id = NEW.id));
    IF EXISTS (SELECT 1 FROM commission_reviews WHERE deal_id = NEW.id AND reviewer_id = NEW.signed_by) THEN
      PERFORM finance_refuse('four eyes: whoever reviewed the deal''s commission can''t sign it');
    END IF;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER deal_disclosures_order BEFORE INSERT ON deal_disclosures FOR EACH ROW EXECUTE FUNCTION finance_disclosure_order();
--> statement-breakpoint
CREATE TRIGGER deal_consents_order BEFORE INSERT ON deal_consents FOR EACH ROW EXECUTE FUNCTION finance_consent_order();
--> statement-breakpoint
CREATE TRIGGER lender_attempts_order BEFORE INSERT OR UPDATE ON lender_attempts FOR EACH ROW EXECUTE FUNCTION finance_attempt_order();
--> statement-breakpoint
CREATE TRIGGER acceptance_withdrawals_order BEFORE INSERT ON acceptance_withdrawals FOR EACH ROW EXECUTE FUNCTION finance_withdrawal_order();
--> statement-breakpoint
CREATE TRIGGER commission_confirmations_order BEFORE INSERT ON commission_confirmations FOR EACH ROW EXECUTE FUNCTION finance_confirmation_order();
--> statement-breakpoint
CREATE TRIGGER commission_reviews_order BEFORE INSERT ON commission_reviews FOR EACH ROW EXECUTE FUNCTION finance_review_order();
--> statement-breakpoint
CREATE TRIGGER finance_deals_signing_order BEFORE UPDATE ON finance_deals FOR EACH ROW EXECUTE FUNCTION finance_signing_order();
