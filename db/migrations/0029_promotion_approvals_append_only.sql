-- Promotion approvals are a regulated record (the principal's sign-off): append-only. An approval
-- that no longer holds (lapsed after 12 months, or the subject changed since) is read as such by the
-- app; no row is ever changed or removed.
CREATE OR REPLACE FUNCTION promotion_approvals_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'promotion approvals: % on % is not allowed', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER promotion_approvals_no_update BEFORE UPDATE ON promotion_approvals FOR EACH ROW EXECUTE FUNCTION promotion_approvals_refuse_change();
--> statement-breakpoint
CREATE TRIGGER promotion_approvals_no_delete BEFORE DELETE ON promotion_approvals FOR EACH ROW EXECUTE FUNCTION promotion_approvals_refuse_change();
--> statement-breakpoint
CREATE TRIGGER promotion_approvals_no_truncate BEFORE TRUNCATE ON promotion_approvals FOR EACH STATEMENT EXECUTE FUNCTION promotion_approvals_refuse_change();
