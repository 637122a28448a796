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
