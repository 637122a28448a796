-- Anonymising reaches the merge records (#16 item 4). customer_merges is append-only (0033), yet its
-- JSON copies (survivor_before, merged_before, filled, conflicts) hold both records' personal values,
-- which must be replaced with the marker when either customer is anonymised.
--
-- Why a value check and not a transaction-local setting (SET LOCAL): a setting says who may change a
-- row, not what the change is, so any statement run while it is set (a bug, a hand-typed update in the
-- same transaction) could rewrite a merge record freely. Here the database itself computes the only
-- allowed new value from the old one: every column but the four JSON copies unchanged, and each copy
-- exactly its anonymised form. Nothing else can be written, whoever sets what.
--
-- The anonymised form: for the personal keys (name, dateOfBirth, email, phone, addressLine1,
-- addressLine2, town, postcode, notes) a value that isn't blank (null or "") becomes the marker
-- '[anonymised]' (dateOfBirth: '1900-01-01', the marker date, as on a signed deal in 0037); every
-- other key (UK residency, consent times, method and wording version) is a regulatory fact and stays,
-- as do the ids, kind, moved links, reason, who and when. The app's anonymiser writes the same
-- functions' results (app/modules/privacy/anonymise.server.ts), so the rule is written once.
CREATE OR REPLACE FUNCTION customer_value_anonymised(field text, value jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN field NOT IN ('name', 'dateOfBirth', 'email', 'phone', 'addressLine1', 'addressLine2', 'town', 'postcode', 'notes')
      OR value IS NULL OR value IN ('null'::jsonb, '""'::jsonb) THEN value
    WHEN field = 'dateOfBirth' THEN '"1900-01-01"'::jsonb
    ELSE '"[anonymised]"'::jsonb
  END
$$;
--> statement-breakpoint
-- A snapshot or `filled`: { field: value }.
CREATE OR REPLACE FUNCTION customer_snapshot_anonymised(snapshot jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(key, customer_value_anonymised(key, value)), '{}'::jsonb) FROM jsonb_each(snapshot)
$$;
--> statement-breakpoint
-- `conflicts`: { field: { kept, other } }: both sides of a personal field.
CREATE OR REPLACE FUNCTION customer_conflicts_anonymised(conflicts jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(c.key, (
    SELECT coalesce(jsonb_object_agg(side.key, customer_value_anonymised(c.key, side.value)), '{}'::jsonb) FROM jsonb_each(c.value) AS side
  )), '{}'::jsonb) FROM jsonb_each(conflicts) AS c
$$;
--> statement-breakpoint
-- The only update a merge record accepts; any other is refused with 0033's words.
CREATE OR REPLACE FUNCTION customer_merge_update_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  copies text[] := ARRAY['survivor_before', 'merged_before', 'filled', 'conflicts'];
BEGIN
  IF (to_jsonb(NEW) - copies) IS NOT DISTINCT FROM (to_jsonb(OLD) - copies)
     AND NEW.survivor_before IS NOT DISTINCT FROM customer_snapshot_anonymised(OLD.survivor_before)
     AND NEW.merged_before IS NOT DISTINCT FROM customer_snapshot_anonymised(OLD.merged_before)
     AND NEW.filled IS NOT DISTINCT FROM customer_snapshot_anonymised(OLD.filled)
     AND NEW.conflicts IS NOT DISTINCT FROM customer_conflicts_anonymised(OLD.conflicts) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'customer records: % on % is not allowed', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
DROP TRIGGER customer_merges_no_update ON customer_merges;
--> statement-breakpoint
CREATE TRIGGER customer_merges_no_update BEFORE UPDATE ON customer_merges FOR EACH ROW EXECUTE FUNCTION customer_merge_update_guard();
