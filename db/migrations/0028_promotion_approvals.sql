CREATE TYPE "public"."approval_kind" AS ENUM('offer', 'disclosure_document', 'lender_tie');--> statement-breakpoint
CREATE TABLE "promotion_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "approval_kind" NOT NULL,
	"subject_id" uuid NOT NULL,
	"approved_by" uuid NOT NULL,
	"approved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lapses_on" date,
	"approved_copy" jsonb NOT NULL,
	"copy_sha256" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "promotion_approvals" ADD CONSTRAINT "promotion_approvals_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "promotion_approvals_subject_idx" ON "promotion_approvals" USING btree ("kind","subject_id","approved_at");--> statement-breakpoint
CREATE INDEX "promotion_approvals_approved_idx" ON "promotion_approvals" USING btree ("approved_at");