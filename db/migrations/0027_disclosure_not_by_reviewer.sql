-- Four eyes both ways (issue #12): whoever reviewed a deal's commission can't then give its disclosure.
-- The app refuses it first (disclosurerProblem in app/modules/finance/record-order.ts); this is the
-- database's copy of the rule, beside the review's own check in 0020.
CREATE OR REPLACE FUNCTION finance_disclosure_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM finance_step_time(NEW.deal_id, 'the disclosure', NEW.given_at);
  IF EXISTS (SELECT 1 FROM commission_reviews WHERE deal_id = NEW.deal_id AND reviewer_id = NEW.given_by) THEN
    PERFORM finance_refuse('four eyes: whoever reviewed the deal''s commission can''t give its disclosure');
  END IF;
  RETURN NEW;
END;
$$;
