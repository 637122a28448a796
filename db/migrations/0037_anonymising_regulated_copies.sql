-- Retention and erasure (#16 item 4). A signed deal and a disclosure's acknowledgment are frozen
-- (0006, 0022, 0028); once their retention period has passed, the customer's personal details in them
-- must still be anonymised, keeping every figure and regulatory fact. The guards now allow exactly
-- that: on a signed deal, the customer link (0028) and the personal copy fields set to the marker
-- '[anonymised]' (the date of birth to 1900-01-01, the marker date); on an acknowledgment, the typed
-- name set to the marker. Any other change is refused as before. The app anonymises only what its
-- retention rules allow (app/modules/privacy/retention.server.ts).
CREATE OR REPLACE FUNCTION finance_deal_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  personal text[] := ARRAY['customer_id', 'updated_at', 'version', 'customer_name', 'customer_contact', 'customer_date_of_birth',
    'vulnerability_note', 'guarantor_name', 'guarantor_contact'];
BEGIN
  IF OLD.signed_at IS NOT NULL THEN
    IF (to_jsonb(NEW) - personal) IS DISTINCT FROM (to_jsonb(OLD) - personal)
       OR (NEW.customer_name IS DISTINCT FROM OLD.customer_name AND NEW.customer_name <> '[anonymised]')
       OR (NEW.customer_contact IS DISTINCT FROM OLD.customer_contact AND NEW.customer_contact <> '[anonymised]')
       OR (NEW.customer_date_of_birth IS DISTINCT FROM OLD.customer_date_of_birth AND NEW.customer_date_of_birth <> DATE '1900-01-01')
       OR (NEW.vulnerability_note IS DISTINCT FROM OLD.vulnerability_note AND NEW.vulnerability_note <> '[anonymised]')
       OR (NEW.guarantor_name IS DISTINCT FROM OLD.guarantor_name AND NEW.guarantor_name IS DISTINCT FROM '[anonymised]')
       OR (NEW.guarantor_contact IS DISTINCT FROM OLD.guarantor_contact AND NEW.guarantor_contact IS DISTINCT FROM '[anonymised]') THEN
      PERFORM finance_refuse('a signed deal is never edited; add a dated entry instead');
    END IF;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION disclosure_acknowledgment_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'typed_name') IS DISTINCT FROM (to_jsonb(OLD) - 'typed_name') OR NEW.typed_name IS DISTINCT FROM '[anonymised]' THEN
    -- The same words as before this migration (0006's finance_refuse_change): only the marker is new.
    PERFORM finance_refuse(format('%s on %s is not allowed', TG_OP, TG_TABLE_NAME));
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
DROP TRIGGER disclosure_acknowledgments_no_update ON disclosure_acknowledgments;
--> statement-breakpoint
CREATE TRIGGER disclosure_acknowledgments_no_update BEFORE UPDATE ON disclosure_acknowledgments FOR EACH ROW EXECUTE FUNCTION disclosure_acknowledgment_guard();
--> statement-breakpoint
-- Erasure requests and anonymisations are a record of what was asked and done: never changed.
CREATE OR REPLACE FUNCTION privacy_records_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'privacy records: % on % is not allowed', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER erasure_requests_no_change BEFORE UPDATE OR DELETE ON erasure_requests FOR EACH ROW EXECUTE FUNCTION privacy_records_refuse_change();
--> statement-breakpoint
CREATE TRIGGER customer_anonymisations_no_change BEFORE UPDATE OR DELETE ON customer_anonymisations FOR EACH ROW EXECUTE FUNCTION privacy_records_refuse_change();
