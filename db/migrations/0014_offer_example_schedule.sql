-- A representative example now states its schedule, so the credit-figures engine can check its APR:
-- the number of monthly payments apart from the duration, the first payment's month, the final
-- payment's month, and each fee with its nature and month. Rows written before said "term × monthly
-- payment, then any final payment, plus fees": read that way, the term is the number of payments,
-- the first falls a month after signing, a final payment the month after the last one (which makes
-- the agreement a month longer), and the fees are paid with the last payment. Only the shape
-- changes, never a stated figure: published revisions say what they said, and an example the
-- engine disagrees with is listed by listOfferFigureProblems, not rewritten here.
UPDATE "offers"
SET "representative_example" = ("representative_example" - 'feesPence') || jsonb_build_object(
  'paymentCount', ("representative_example"->>'termMonths')::int,
  'firstPaymentMonth', 1,
  'termMonths', ("representative_example"->>'termMonths')::int
    + CASE WHEN coalesce(("representative_example"->>'finalPaymentPence')::bigint, 0) > 0 THEN 1 ELSE 0 END,
  'finalPaymentPence', coalesce(("representative_example"->>'finalPaymentPence')::bigint, 0),
  'finalPaymentMonth', CASE WHEN coalesce(("representative_example"->>'finalPaymentPence')::bigint, 0) > 0
    THEN ("representative_example"->>'termMonths')::int + 1 END,
  'fees', CASE WHEN coalesce(("representative_example"->>'feesPence')::bigint, 0) > 0
    THEN jsonb_build_array(jsonb_build_object(
      'name', 'Fees',
      'amountPence', ("representative_example"->>'feesPence')::bigint,
      'month', ("representative_example"->>'termMonths')::int
        + CASE WHEN coalesce(("representative_example"->>'finalPaymentPence')::bigint, 0) > 0 THEN 1 ELSE 0 END))
    ELSE '[]'::jsonb END
)
WHERE jsonb_typeof("representative_example") = 'object'
  AND "representative_example"->'paymentCount' IS NULL
  AND jsonb_typeof("representative_example"->'termMonths') = 'number';
