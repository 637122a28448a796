-- Deals recorded before the schedule was stored used the term as the number of payments, paid
-- monthly in arrears, any final payment with the last one and any fees on signing. Unsigned deals
-- get those keys written out (signed deals are frozen by 0006 and read with the same defaults).
UPDATE finance_deals
SET quoted_figures = quoted_figures || jsonb_build_object(
  'partExchangeSettlementPence', 0,
  'regularPaymentCount', (quoted_figures->>'termMonths')::int,
  'firstPaymentMonth', 1,
  'finalPaymentMonth', CASE WHEN coalesce((quoted_figures->>'finalPaymentPence')::int, 0) > 0 THEN (quoted_figures->>'termMonths')::int ELSE 0 END,
  'fees', CASE WHEN coalesce((quoted_figures->>'feesPence')::int, 0) > 0
    THEN jsonb_build_array(jsonb_build_object('amountPence', (quoted_figures->>'feesPence')::int, 'month', 0))
    ELSE '[]'::jsonb END
)
WHERE signed_at IS NULL AND NOT (quoted_figures ? 'regularPaymentCount');
--> statement-breakpoint
-- A withdrawn acceptance is part of the regulated record: kept as made.
CREATE TRIGGER acceptance_withdrawals_no_update BEFORE UPDATE ON acceptance_withdrawals FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER acceptance_withdrawals_no_delete BEFORE DELETE ON acceptance_withdrawals FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
