-- Customers (#16). A merge and its reversal are a record of what was done: customer_merges is
-- append-only. A customer record is never deleted (a merged one keeps its row, marked merged_into_id;
-- erasure anonymises in place).
CREATE OR REPLACE FUNCTION customers_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'customer records: % on % is not allowed', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER customer_merges_no_update BEFORE UPDATE ON customer_merges FOR EACH ROW EXECUTE FUNCTION customers_refuse_change();
--> statement-breakpoint
CREATE TRIGGER customer_merges_no_delete BEFORE DELETE ON customer_merges FOR EACH ROW EXECUTE FUNCTION customers_refuse_change();
--> statement-breakpoint
CREATE TRIGGER customer_merges_no_truncate BEFORE TRUNCATE ON customer_merges FOR EACH STATEMENT EXECUTE FUNCTION customers_refuse_change();
--> statement-breakpoint
CREATE TRIGGER customers_no_delete BEFORE DELETE ON customers FOR EACH ROW EXECUTE FUNCTION customers_refuse_change();
--> statement-breakpoint
CREATE TRIGGER customers_no_truncate BEFORE TRUNCATE ON customers FOR EACH STATEMENT EXECUTE FUNCTION customers_refuse_change();
--> statement-breakpoint
-- A signed deal stays as signed (0006), with one exception: which customer record it points at.
-- Linking older deals (0029) and moving them in a merge change customer_id alone; the deal's own
-- copy of the customer's details, as at signing, is untouched.
CREATE OR REPLACE FUNCTION finance_deal_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.signed_at IS NOT NULL
     AND (to_jsonb(NEW) - 'customer_id' - 'updated_at' - 'version') IS DISTINCT FROM (to_jsonb(OLD) - 'customer_id' - 'updated_at' - 'version') THEN
    PERFORM finance_refuse('a signed deal is never edited; add a dated entry instead');
  END IF;
  RETURN NEW;
END;
$$;
