CREATE TABLE "file_review_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"deal_id" uuid NOT NULL,
	"branch_id" uuid NOT NULL,
	"description" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"closing_note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "file_review_sample_deals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sample_id" uuid NOT NULL,
	"deal_id" uuid NOT NULL,
	"branch_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "file_review_samples" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"month" text NOT NULL,
	"seed" integer NOT NULL,
	"branches" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "file_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sample_deal_id" uuid NOT NULL,
	"deal_id" uuid NOT NULL,
	"branch_id" uuid NOT NULL,
	"checklist_version" integer NOT NULL,
	"answers" jsonb NOT NULL,
	"rating" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "file_review_actions" ADD CONSTRAINT "file_review_actions_review_id_file_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."file_reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_review_actions" ADD CONSTRAINT "file_review_actions_deal_id_finance_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."finance_deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_review_actions" ADD CONSTRAINT "file_review_actions_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_review_actions" ADD CONSTRAINT "file_review_actions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_review_actions" ADD CONSTRAINT "file_review_actions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_review_actions" ADD CONSTRAINT "file_review_actions_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_review_sample_deals" ADD CONSTRAINT "file_review_sample_deals_sample_id_file_review_samples_id_fk" FOREIGN KEY ("sample_id") REFERENCES "public"."file_review_samples"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_review_sample_deals" ADD CONSTRAINT "file_review_sample_deals_deal_id_finance_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."finance_deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_review_sample_deals" ADD CONSTRAINT "file_review_sample_deals_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_review_samples" ADD CONSTRAINT "file_review_samples_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_reviews" ADD CONSTRAINT "file_reviews_sample_deal_id_file_review_sample_deals_id_fk" FOREIGN KEY ("sample_deal_id") REFERENCES "public"."file_review_sample_deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_reviews" ADD CONSTRAINT "file_reviews_deal_id_finance_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."finance_deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_reviews" ADD CONSTRAINT "file_reviews_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_reviews" ADD CONSTRAINT "file_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "file_review_actions_branch_idx" ON "file_review_actions" USING btree ("branch_id","closed_at");--> statement-breakpoint
CREATE INDEX "file_review_actions_review_idx" ON "file_review_actions" USING btree ("review_id");--> statement-breakpoint
CREATE UNIQUE INDEX "file_review_sample_deals_key" ON "file_review_sample_deals" USING btree ("sample_id","deal_id");--> statement-breakpoint
CREATE INDEX "file_review_sample_deals_branch_idx" ON "file_review_sample_deals" USING btree ("branch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "file_review_samples_month_key" ON "file_review_samples" USING btree ("month");--> statement-breakpoint
CREATE UNIQUE INDEX "file_reviews_sample_deal_key" ON "file_reviews" USING btree ("sample_deal_id");--> statement-breakpoint
CREATE INDEX "file_reviews_created_idx" ON "file_reviews" USING btree ("created_at");