-- Complaints are a regulated record (DISP 1.9): nothing is deleted, a step once written is never
-- changed, and what a complaint is (its receipt, deadlines, linked deal) is fixed once recorded.
-- A deal linked to a complaint still open stays on legal hold: lifting it is refused here too.
-- (0019 adds the role 'compliance' with ALTER TYPE ... ADD VALUE: the migrator runs every pending
-- migration in one transaction, where the new value may not be used, so no SQL here evaluates it.)
CREATE OR REPLACE FUNCTION complaints_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'complaints log: % on % is not allowed', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION complaints_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.reference <> OLD.reference OR NEW.received_at <> OLD.received_at OR NEW.branch_id <> OLD.branch_id
     OR NEW.deal_id IS DISTINCT FROM OLD.deal_id OR NEW.summary_due_at <> OLD.summary_due_at
     OR NEW.final_due_at <> OLD.final_due_at OR NEW.created_by <> OLD.created_by OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'complaints log: a complaint''s receipt, branch, deal and deadlines are kept as recorded'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION complaints_hold_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind = 'legal_hold_off' AND EXISTS (SELECT 1 FROM complaints WHERE deal_id = NEW.deal_id AND closed_at IS NULL) THEN
    RAISE EXCEPTION 'finance log: the legal hold stays while a complaint about this deal is open'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER complaints_guard BEFORE UPDATE ON complaints FOR EACH ROW EXECUTE FUNCTION complaints_guard();
--> statement-breakpoint
CREATE TRIGGER complaints_no_delete BEFORE DELETE ON complaints FOR EACH ROW EXECUTE FUNCTION complaints_refuse_change();
--> statement-breakpoint
CREATE TRIGGER complaints_no_truncate BEFORE TRUNCATE ON complaints FOR EACH STATEMENT EXECUTE FUNCTION complaints_refuse_change();
--> statement-breakpoint
CREATE TRIGGER complaint_steps_no_update BEFORE UPDATE ON complaint_steps FOR EACH ROW EXECUTE FUNCTION complaints_refuse_change();
--> statement-breakpoint
CREATE TRIGGER complaint_steps_no_delete BEFORE DELETE ON complaint_steps FOR EACH ROW EXECUTE FUNCTION complaints_refuse_change();
--> statement-breakpoint
CREATE TRIGGER complaint_steps_no_truncate BEFORE TRUNCATE ON complaint_steps FOR EACH STATEMENT EXECUTE FUNCTION complaints_refuse_change();
--> statement-breakpoint
CREATE TRIGGER deal_entries_hold_guard BEFORE INSERT ON deal_entries FOR EACH ROW EXECUTE FUNCTION complaints_hold_guard();
--> statement-breakpoint
-- The breach log: no deletes; what was found stays as recorded; the principal's being told, and the
-- closing, are set once; an action is marked done once and otherwise kept as written.
CREATE OR REPLACE FUNCTION breaches_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'breach log: % on % is not allowed', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION breaches_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.reference <> OLD.reference OR NEW.description <> OLD.description OR NEW.occurred_on IS DISTINCT FROM OLD.occurred_on
     OR NEW.found_on <> OLD.found_on OR NEW.rule <> OLD.rule OR NEW.deal_ids <> OLD.deal_ids OR NEW.offer_ids <> OLD.offer_ids
     OR NEW.created_by <> OLD.created_by OR NEW.created_at <> OLD.created_at
     OR (OLD.principal_told_at IS NOT NULL AND (NEW.principal_told_at IS DISTINCT FROM OLD.principal_told_at OR NEW.principal_told_note <> OLD.principal_told_note))
     OR (OLD.closed_at IS NOT NULL AND (NEW.closed_at IS DISTINCT FROM OLD.closed_at OR NEW.closing_note <> OLD.closing_note)) THEN
    RAISE EXCEPTION 'breach log: a breach is kept as recorded; add to it instead' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION breach_actions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.done_at IS NOT NULL OR NEW.breach_id <> OLD.breach_id OR NEW.description <> OLD.description OR NEW.owner_id <> OLD.owner_id
     OR NEW.due_on <> OLD.due_on OR NEW.created_by <> OLD.created_by OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'breach log: an action is kept as written and is done once' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER breaches_guard BEFORE UPDATE ON breaches FOR EACH ROW EXECUTE FUNCTION breaches_guard();
--> statement-breakpoint
CREATE TRIGGER breaches_no_delete BEFORE DELETE ON breaches FOR EACH ROW EXECUTE FUNCTION breaches_refuse_change();
--> statement-breakpoint
CREATE TRIGGER breaches_no_truncate BEFORE TRUNCATE ON breaches FOR EACH STATEMENT EXECUTE FUNCTION breaches_refuse_change();
--> statement-breakpoint
CREATE TRIGGER breach_actions_guard BEFORE UPDATE ON breach_actions FOR EACH ROW EXECUTE FUNCTION breach_actions_guard();
--> statement-breakpoint
CREATE TRIGGER breach_actions_no_delete BEFORE DELETE ON breach_actions FOR EACH ROW EXECUTE FUNCTION breaches_refuse_change();
--> statement-breakpoint
CREATE TRIGGER breach_actions_no_truncate BEFORE TRUNCATE ON breach_actions FOR EACH STATEMENT EXECUTE FUNCTION breaches_refuse_change();
