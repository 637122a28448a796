ALTER TYPE "public"."attempt_outcome" ADD VALUE 'countered';--> statement-breakpoint
CREATE TABLE "acceptance_withdrawals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"attempt_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"withdrawn_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "lender_attempts" ADD COLUMN "approved_figures" jsonb;--> statement-breakpoint
ALTER TABLE "acceptance_withdrawals" ADD CONSTRAINT "acceptance_withdrawals_deal_id_finance_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."finance_deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acceptance_withdrawals" ADD CONSTRAINT "acceptance_withdrawals_attempt_id_lender_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."lender_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acceptance_withdrawals" ADD CONSTRAINT "acceptance_withdrawals_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "acceptance_withdrawals_attempt_key" ON "acceptance_withdrawals" USING btree ("attempt_id");--> statement-breakpoint
CREATE INDEX "acceptance_withdrawals_deal_idx" ON "acceptance_withdrawals" USING btree ("deal_id");