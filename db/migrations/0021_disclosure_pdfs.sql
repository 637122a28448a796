CREATE TYPE "public"."disclosure_acknowledgment_method" AS ENUM('paper_scan', 'tablet');--> statement-breakpoint
CREATE TABLE "disclosure_acknowledgments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"disclosure_id" uuid NOT NULL,
	"method" "disclosure_acknowledgment_method" NOT NULL,
	"typed_name" text,
	"acknowledged_at" timestamp with time zone NOT NULL,
	"scan" "bytea",
	"scan_content_type" text,
	"scan_file_name" text,
	"scan_sha256" text,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_pdfs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"disclosure_id" uuid NOT NULL,
	"pdf" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"byte_length" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "disclosure_acknowledgments" ADD CONSTRAINT "disclosure_acknowledgments_deal_id_finance_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."finance_deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_acknowledgments" ADD CONSTRAINT "disclosure_acknowledgments_disclosure_id_deal_disclosures_id_fk" FOREIGN KEY ("disclosure_id") REFERENCES "public"."deal_disclosures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_acknowledgments" ADD CONSTRAINT "disclosure_acknowledgments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_pdfs" ADD CONSTRAINT "disclosure_pdfs_deal_id_finance_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."finance_deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_pdfs" ADD CONSTRAINT "disclosure_pdfs_disclosure_id_deal_disclosures_id_fk" FOREIGN KEY ("disclosure_id") REFERENCES "public"."deal_disclosures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "disclosure_acknowledgments_disclosure_key" ON "disclosure_acknowledgments" USING btree ("disclosure_id");--> statement-breakpoint
CREATE INDEX "disclosure_acknowledgments_deal_idx" ON "disclosure_acknowledgments" USING btree ("deal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disclosure_pdfs_disclosure_key" ON "disclosure_pdfs" USING btree ("disclosure_id");--> statement-breakpoint
CREATE INDEX "disclosure_pdfs_deal_idx" ON "disclosure_pdfs" USING btree ("deal_id");