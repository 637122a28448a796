-- File reviews are the principal's evidence of monitoring (SUP 12): a month's sample and its deals,
-- and a review once recorded, are never changed or deleted; an action is kept as written and closed
-- once (when, by whom, with a note), never deleted.
CREATE OR REPLACE FUNCTION file_reviews_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'file reviews: % on % is not allowed', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION file_review_actions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.closed_at IS NOT NULL OR NEW.review_id <> OLD.review_id OR NEW.deal_id <> OLD.deal_id OR NEW.branch_id <> OLD.branch_id
     OR NEW.description <> OLD.description OR NEW.owner_id <> OLD.owner_id OR NEW.due_on <> OLD.due_on
     OR NEW.created_by <> OLD.created_by OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'file reviews: an action is kept as written and is closed once' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER file_review_samples_no_update BEFORE UPDATE ON file_review_samples FOR EACH ROW EXECUTE FUNCTION file_reviews_refuse_change();
--> statement-breakpoint
CREATE TRIGGER file_review_samples_no_delete BEFORE DELETE ON file_review_samples FOR EACH ROW EXECUTE FUNCTION file_reviews_refuse_change();
--> statement-breakpoint
CREATE TRIGGER file_review_samples_no_truncate BEFORE TRUNCATE ON file_review_samples FOR EACH STATEMENT EXECUTE FUNCTION file_reviews_refuse_change();
--> statement-breakpoint
CREATE TRIGGER file_review_sample_deals_no_update BEFORE UPDATE ON file_review_sample_deals FOR EACH ROW EXECUTE FUNCTION file_reviews_refuse_change();
--> statement-breakpoint
CREATE TRIGGER file_review_sample_deals_no_delete BEFORE DELETE ON file_review_sample_deals FOR EACH ROW EXECUTE FUNCTION file_reviews_refuse_change();
--> statement-breakpoint
CREATE TRIGGER file_review_sample_deals_no_truncate BEFORE TRUNCATE ON file_review_sample_deals FOR EACH STATEMENT EXECUTE FUNCTION file_reviews_refuse_change();
--> statement-breakpoint
CREATE TRIGGER file_reviews_no_update BEFORE UPDATE ON file_reviews FOR EACH ROW EXECUTE FUNCTION file_reviews_refuse_change();
--> statement-breakpoint
CREATE TRIGGER file_reviews_no_delete BEFORE DELETE ON file_reviews FOR EACH ROW EXECUTE FUNCTION file_reviews_refuse_change();
--> statement-breakpoint
CREATE TRIGGER file_reviews_no_truncate BEFORE TRUNCATE ON file_reviews FOR EACH STATEMENT EXECUTE FUNCTION file_reviews_refuse_change();
--> statement-breakpoint
CREATE TRIGGER file_review_actions_guard BEFORE UPDATE ON file_review_actions FOR EACH ROW EXECUTE FUNCTION file_review_actions_guard();
--> statement-breakpoint
CREATE TRIGGER file_review_actions_no_delete BEFORE DELETE ON file_review_actions FOR EACH ROW EXECUTE FUNCTION file_reviews_refuse_change();
--> statement-breakpoint
CREATE TRIGGER file_review_actions_no_truncate BEFORE TRUNCATE ON file_review_actions FOR EACH STATEMENT EXECUTE FUNCTION file_reviews_refuse_change();
