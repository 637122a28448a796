-- The per-deal disclosure documents and their acknowledgments are part of the finance log: kept as
-- given, never changed or removed (finance_refuse_change is migration 0006's).
CREATE TRIGGER disclosure_pdfs_no_update BEFORE UPDATE ON disclosure_pdfs FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER disclosure_pdfs_no_delete BEFORE DELETE ON disclosure_pdfs FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER disclosure_pdfs_no_truncate BEFORE TRUNCATE ON disclosure_pdfs FOR EACH STATEMENT EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER disclosure_acknowledgments_no_update BEFORE UPDATE ON disclosure_acknowledgments FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER disclosure_acknowledgments_no_delete BEFORE DELETE ON disclosure_acknowledgments FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
--> statement-breakpoint
CREATE TRIGGER disclosure_acknowledgments_no_truncate BEFORE TRUNCATE ON disclosure_acknowledgments FOR EACH STATEMENT EXECUTE FUNCTION finance_refuse_change();
