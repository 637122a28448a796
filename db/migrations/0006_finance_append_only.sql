-- The finance log is the group's regulated record. The database itself refuses:
-- any DELETE from it; any UPDATE of a signed deal; any UPDATE of disclosures, consents, reviews,
-- confirmations and entries; an attempt's outcome changing once decided; a used document's text changing.
CREATE OR REPLACE FUNCTION finance_refuse(reason text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'finance log: %', reason USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION finance_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM finance_refuse(format('%s on %s is not allowed', TG_OP, TG_TABLE_NAME));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION finance_deal_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.signed_at IS NOT NULL THEN
    PERFORM finance_refuse('a signed deal is never edited; add a dated entry instead');
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION finance_attempt_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.outcome <> 'pending' OR NEW.lender_id <> OLD.lender_id OR NEW.quote <> OLD.quote
     OR NEW.sequence <> OLD.sequence OR NEW.proposed_at <> OLD.proposed_at THEN
    PERFORM finance_refuse('a lender attempt is kept as made; only a pending outcome may be decided');
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION finance_document_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.first_used_at IS NOT NULL AND (NEW.body <> OLD.body OR NEW.sha256 <> OLD.sha256 OR NEW.version <> OLD.version OR NEW.title <> OLD.title) THEN
    PERFORM finance_refuse('a disclosure document shown to a customer is never edited; add a new version');
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER finance_deals_guard BEFORE UPDATE ON finance_deals FOR EACH ROW EXECUTE FUNCTION finance_deal_guard();
--> statement-breakpoint
CREATE TRIGGER lender_attempts_guard BEFORE UPDATE ON lender_attempts FOR EACH ROW EXECUTE FUNCTION finance_attempt_guard();
--> statement-breakpoint
CREATE TRIGGER disclosure_documents_guard BEFORE UPDATE ON disclosure_documents FOR EACH ROW EXECUTE FUNCTION finance_document_guard();
--> statement-breakpoint
CREATE TRIGGER deal_disclosures_no_update BEFORE UPDATE ON deal_disclosures FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER deal_consents_no_update BEFORE UPDATE ON deal_consents FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER commission_reviews_no_update BEFORE UPDATE ON commission_reviews FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER commission_confirmations_no_update BEFORE UPDATE ON commission_confirmations FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER deal_entries_no_update BEFORE UPDATE ON deal_entries FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER finance_deals_no_delete BEFORE DELETE ON finance_deals FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER deal_disclosures_no_delete BEFORE DELETE ON deal_disclosures FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER deal_consents_no_delete BEFORE DELETE ON deal_consents FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER lender_attempts_no_delete BEFORE DELETE ON lender_attempts FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER commission_reviews_no_delete BEFORE DELETE ON commission_reviews FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER commission_confirmations_no_delete BEFORE DELETE ON commission_confirmations FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER deal_entries_no_delete BEFORE DELETE ON deal_entries FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER disclosure_documents_no_delete BEFORE DELETE ON disclosure_documents FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER finance_no_truncate BEFORE TRUNCATE ON finance_deals FOR EACH STATEMENT EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER finance_entries_no_truncate BEFORE TRUNCATE ON deal_entries FOR EACH STATEMENT EXECUTE FUNCTION finance_refuse_change();
