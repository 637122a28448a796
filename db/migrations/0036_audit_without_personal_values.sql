-- Issue #16 item 3: the audit log keeps no personal values. From this release the audit writer
-- (app/modules/audit/personal-fields.ts) replaces them with a marker as it writes; this migration does
-- the same to the rows written before, once.
--
-- The log is append-only by trigger (0001). That trigger is switched off here deliberately, for this
-- one statement, inside the migration's own transaction (ALTER TABLE takes an exclusive lock, so no
-- other session can write or change a row while it is off), and switched back on before the
-- transaction ends. Only the before/after JSON of rows holding a personal value changes; every other
-- column, and every row without one, stays exactly as written. Each changed row gains
-- "personalDataRedacted": "0031" in its after, so a reader can tell the values were removed, not absent.
--
-- The field lists are personal-fields.ts's as of this migration (tests/integration/audit-redaction-migration.test.ts
-- runs this file over rows shaped like the old writers' and checks no value is left).
CREATE OR REPLACE FUNCTION audit_redact_personal_0031(v jsonb, entity text) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  result jsonb := '{}'::jsonb;
  k text;
  inner_value jsonb;
  fields text[];
BEGIN
  IF v IS NULL THEN RETURN NULL; END IF;
  IF jsonb_typeof(v) = 'array' THEN
    SELECT coalesce(jsonb_agg(audit_redact_personal_0031(t.e, entity) ORDER BY t.i), '[]'::jsonb) INTO result
      FROM jsonb_array_elements(v) WITH ORDINALITY AS t(e, i);
    RETURN result;
  END IF;
  IF jsonb_typeof(v) <> 'object' THEN RETURN v; END IF;
  fields := CASE entity
    WHEN 'finance_deal' THEN ARRAY['customerName', 'customerDateOfBirth', 'customerContact', 'customerEmail', 'customerPhone',
      'customerAddress', 'customerPostcode', 'vulnerabilityNote', 'guarantorName', 'guarantorContact', 'typedName', 'scanFileName']
    WHEN 'reservation' THEN ARRAY['customerName', 'customerContact']
    WHEN 'vehicle' THEN ARRAY['saleCustomerName', 'saleCustomerContact']
    WHEN 'complaint' THEN ARRAY['complainantName', 'complainantContact', 'description', 'desiredOutcome']
    WHEN 'customer' THEN ARRAY['name', 'dateOfBirth', 'email', 'phone', 'addressLine1', 'addressLine2', 'town', 'postcode', 'notes', 'emailKey', 'phoneKey', 'searchText']
    ELSE ARRAY[]::text[]
  END;
  FOR k, inner_value IN SELECT e.key, e.value FROM jsonb_each(v) AS e LOOP
    IF k = ANY(fields) THEN
      IF inner_value = 'null'::jsonb OR inner_value = '""'::jsonb THEN
        result := result || jsonb_build_object(k, inner_value);
      ELSE
        result := result || jsonb_build_object(k, '[personal data]');
      END IF;
    ELSE
      result := result || jsonb_build_object(k, audit_redact_personal_0031(inner_value, CASE k
        WHEN 'reservation' THEN 'reservation'
        WHEN 'deal' THEN 'finance_deal'
        WHEN 'complaint' THEN 'complaint'
        WHEN 'customer' THEN 'customer'
        WHEN 'vehicle' THEN 'vehicle'
        WHEN 'survivorBefore' THEN 'customer'
        WHEN 'mergedBefore' THEN 'customer'
        WHEN 'filled' THEN 'customer'
        WHEN 'conflicts' THEN 'customer'
        ELSE entity END));
    END IF;
  END LOOP;
  RETURN result;
END;
$$;
--> statement-breakpoint
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
UPDATE audit_log
   SET before = audit_redact_personal_0031(before, entity_type),
       after = CASE
         WHEN after IS NULL THEN jsonb_build_object('personalDataRedacted', '0031')
         WHEN jsonb_typeof(after) = 'object' THEN audit_redact_personal_0031(after, entity_type) || jsonb_build_object('personalDataRedacted', '0031')
         ELSE jsonb_build_object('value', audit_redact_personal_0031(after, entity_type), 'personalDataRedacted', '0031')
       END
 WHERE entity_type IN ('finance_deal', 'reservation', 'vehicle', 'complaint', 'customer', 'customer_merge')
   AND (audit_redact_personal_0031(before, entity_type) IS DISTINCT FROM before
     OR audit_redact_personal_0031(after, entity_type) IS DISTINCT FROM after);
--> statement-breakpoint
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
DROP FUNCTION audit_redact_personal_0031(jsonb, text);
--> statement-breakpoint
-- Views of special-category data are kept like the audit log: never changed or deleted.
CREATE OR REPLACE FUNCTION personal_data_views_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'personal_data_views is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER personal_data_views_no_update_delete BEFORE UPDATE OR DELETE ON personal_data_views
  FOR EACH ROW EXECUTE FUNCTION personal_data_views_refuse_change();
--> statement-breakpoint
CREATE TRIGGER personal_data_views_no_truncate BEFORE TRUNCATE ON personal_data_views
  FOR EACH STATEMENT EXECUTE FUNCTION personal_data_views_refuse_change();
