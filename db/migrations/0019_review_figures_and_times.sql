ALTER TABLE "commission_reviews" ADD COLUMN "attempt_id" uuid;--> statement-breakpoint
ALTER TABLE "commission_reviews" ADD COLUMN "credit_pence" integer;--> statement-breakpoint
ALTER TABLE "commission_reviews" ADD COLUMN "charge_for_credit_pence" integer;--> statement-breakpoint
ALTER TABLE "commission_reviews" ADD COLUMN "total_payable_pence" integer;--> statement-breakpoint
ALTER TABLE "commission_reviews" ADD COLUMN "ratios" jsonb;--> statement-breakpoint
ALTER TABLE "commission_reviews" ADD COLUMN "reviewed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "lender_attempts" ADD COLUMN "decision_recorded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "commission_reviews" ADD CONSTRAINT "commission_reviews_attempt_id_lender_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."lender_attempts"("id") ON DELETE no action ON UPDATE no action;