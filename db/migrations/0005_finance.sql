CREATE TYPE "public"."attempt_outcome" AS ENUM('pending', 'accepted', 'declined', 'referred', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."commission_basis" AS ENUM('fixed_fee', 'percent_of_credit');--> statement-breakpoint
CREATE TYPE "public"."consent_method" AS ENUM('signed_paper', 'email_reply', 'e_signature', 'recorded_call');--> statement-breakpoint
CREATE TYPE "public"."deal_status" AS ENUM('draft', 'disclosed', 'proposed', 'approved', 'signed', 'not_proceeding');--> statement-breakpoint
CREATE TYPE "public"."disclosure_medium" AS ENUM('paper', 'email', 'pdf');--> statement-breakpoint
CREATE TYPE "public"."deal_entry_kind" AS ENUM('correction', 'withdrawal', 'cancellation', 'early_settlement', 'clawback', 'commission_paid', 'legal_hold_on', 'legal_hold_off');--> statement-breakpoint
CREATE TYPE "public"."other_payment_kind" AS ENUM('volume_bonus', 'panel_fee', 'other');--> statement-breakpoint
CREATE TYPE "public"."finance_product" AS ENUM('hp', 'pcp', 'conditional_sale', 'hire', 'loan');--> statement-breakpoint
CREATE TYPE "public"."tie_kind" AS ENUM('exclusivity', 'first_refusal', 'volume_target', 'stock_funding', 'training_marketing_support', 'other');--> statement-breakpoint
CREATE TABLE "commission_confirmations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"attempt_id" uuid NOT NULL,
	"amount_pence" integer NOT NULL,
	"medium" "disclosure_medium" NOT NULL,
	"confirmed_at" timestamp with time zone NOT NULL,
	"confirmed_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commission_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"note" text NOT NULL,
	"commission_pence" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commission_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lender_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"basis" "commission_basis" NOT NULL,
	"amount_pence" integer,
	"percent_basis_points" integer,
	"brand" text,
	"model_id" uuid,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"notes" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deal_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"disclosure_id" uuid,
	"kind" text NOT NULL,
	"method" "consent_method" NOT NULL,
	"given_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deal_disclosures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"document_sha256" text NOT NULL,
	"lender_id" uuid NOT NULL,
	"schedule_id" uuid,
	"basis" "commission_basis" NOT NULL,
	"estimated_commission_pence" integer NOT NULL,
	"ties_disclosed" jsonb NOT NULL,
	"medium" "disclosure_medium" NOT NULL,
	"customer_asked_amount" boolean DEFAULT false NOT NULL,
	"amount_told_to_customer" text DEFAULT '' NOT NULL,
	"given_at" timestamp with time zone NOT NULL,
	"given_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deal_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"kind" "deal_entry_kind" NOT NULL,
	"effective_on" date NOT NULL,
	"amount_pence" integer,
	"reason" text NOT NULL,
	"details" jsonb,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"sha256" text NOT NULL,
	"effective_from" date NOT NULL,
	"first_used_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance_deals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"branch_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"status" "deal_status" DEFAULT 'draft' NOT NULL,
	"customer_name" text NOT NULL,
	"customer_date_of_birth" date NOT NULL,
	"customer_uk_resident" boolean NOT NULL,
	"customer_contact" text NOT NULL,
	"vulnerable" boolean DEFAULT false NOT NULL,
	"vulnerability_note" text DEFAULT '' NOT NULL,
	"guarantor_required" boolean DEFAULT false NOT NULL,
	"guarantor_name" text,
	"guarantor_contact" text,
	"vehicle_id" uuid,
	"vehicle_description" text DEFAULT '' NOT NULL,
	"vehicle_brand" text NOT NULL,
	"vehicle_model_id" uuid,
	"product" "finance_product" NOT NULL,
	"quoted_figures" jsonb NOT NULL,
	"signed_figures" jsonb,
	"agreement_number" text,
	"signed_at" timestamp with time zone,
	"signed_by" uuid,
	"signed_attempt_id" uuid,
	"not_proceeding_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lender_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"lender_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"order_reason" text DEFAULT '' NOT NULL,
	"quote" jsonb NOT NULL,
	"outcome" "attempt_outcome" DEFAULT 'pending' NOT NULL,
	"apr_basis_points" integer NOT NULL,
	"term_months" integer NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lender_other_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lender_id" uuid NOT NULL,
	"kind" "other_payment_kind" NOT NULL,
	"description" text NOT NULL,
	"amount_pence" integer,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lender_ties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lender_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"kind" "tie_kind" NOT NULL,
	"terms" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lenders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"fca_frn" text NOT NULL,
	"captive_brands" text[] DEFAULT '{}' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "setting_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"value" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "commission_confirmations" ADD CONSTRAINT "commission_confirmations_deal_id_finance_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."finance_deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_confirmations" ADD CONSTRAINT "commission_confirmations_attempt_id_lender_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."lender_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_confirmations" ADD CONSTRAINT "commission_confirmations_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_reviews" ADD CONSTRAINT "commission_reviews_deal_id_finance_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."finance_deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_reviews" ADD CONSTRAINT "commission_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_schedules" ADD CONSTRAINT "commission_schedules_lender_id_lenders_id_fk" FOREIGN KEY ("lender_id") REFERENCES "public"."lenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_schedules" ADD CONSTRAINT "commission_schedules_model_id_catalogue_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."catalogue_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_schedules" ADD CONSTRAINT "commission_schedules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_consents" ADD CONSTRAINT "deal_consents_deal_id_finance_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."finance_deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_consents" ADD CONSTRAINT "deal_consents_disclosure_id_deal_disclosures_id_fk" FOREIGN KEY ("disclosure_id") REFERENCES "public"."deal_disclosures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_consents" ADD CONSTRAINT "deal_consents_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_disclosures" ADD CONSTRAINT "deal_disclosures_deal_id_finance_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."finance_deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_disclosures" ADD CONSTRAINT "deal_disclosures_document_id_disclosure_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."disclosure_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_disclosures" ADD CONSTRAINT "deal_disclosures_lender_id_lenders_id_fk" FOREIGN KEY ("lender_id") REFERENCES "public"."lenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_disclosures" ADD CONSTRAINT "deal_disclosures_schedule_id_commission_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."commission_schedules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_disclosures" ADD CONSTRAINT "deal_disclosures_given_by_users_id_fk" FOREIGN KEY ("given_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_entries" ADD CONSTRAINT "deal_entries_deal_id_finance_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."finance_deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_entries" ADD CONSTRAINT "deal_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_documents" ADD CONSTRAINT "disclosure_documents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_deals" ADD CONSTRAINT "finance_deals_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_deals" ADD CONSTRAINT "finance_deals_staff_id_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_deals" ADD CONSTRAINT "finance_deals_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_deals" ADD CONSTRAINT "finance_deals_vehicle_model_id_catalogue_models_id_fk" FOREIGN KEY ("vehicle_model_id") REFERENCES "public"."catalogue_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_deals" ADD CONSTRAINT "finance_deals_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lender_attempts" ADD CONSTRAINT "lender_attempts_deal_id_finance_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."finance_deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lender_attempts" ADD CONSTRAINT "lender_attempts_lender_id_lenders_id_fk" FOREIGN KEY ("lender_id") REFERENCES "public"."lenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lender_attempts" ADD CONSTRAINT "lender_attempts_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lender_other_payments" ADD CONSTRAINT "lender_other_payments_lender_id_lenders_id_fk" FOREIGN KEY ("lender_id") REFERENCES "public"."lenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lender_other_payments" ADD CONSTRAINT "lender_other_payments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lender_ties" ADD CONSTRAINT "lender_ties_lender_id_lenders_id_fk" FOREIGN KEY ("lender_id") REFERENCES "public"."lenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "setting_versions" ADD CONSTRAINT "setting_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commission_schedules_lender_idx" ON "commission_schedules" USING btree ("lender_id","effective_from");--> statement-breakpoint
CREATE INDEX "deal_consents_deal_idx" ON "deal_consents" USING btree ("deal_id");--> statement-breakpoint
CREATE INDEX "deal_disclosures_deal_idx" ON "deal_disclosures" USING btree ("deal_id");--> statement-breakpoint
CREATE INDEX "deal_entries_deal_idx" ON "deal_entries" USING btree ("deal_id","created_at");--> statement-breakpoint
CREATE INDEX "deal_entries_kind_idx" ON "deal_entries" USING btree ("kind");--> statement-breakpoint
CREATE UNIQUE INDEX "disclosure_documents_version_key" ON "disclosure_documents" USING btree ("version");--> statement-breakpoint
CREATE UNIQUE INDEX "finance_deals_reference_key" ON "finance_deals" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "finance_deals_branch_idx" ON "finance_deals" USING btree ("branch_id","created_at");--> statement-breakpoint
CREATE INDEX "finance_deals_status_idx" ON "finance_deals" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "finance_deals_agreement_idx" ON "finance_deals" USING btree ("agreement_number");--> statement-breakpoint
CREATE UNIQUE INDEX "lender_attempts_sequence_key" ON "lender_attempts" USING btree ("deal_id","sequence");--> statement-breakpoint
CREATE INDEX "lender_ties_lender_idx" ON "lender_ties" USING btree ("lender_id","starts_on");--> statement-breakpoint
CREATE UNIQUE INDEX "lenders_name_key" ON "lenders" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "setting_versions_key_version_key" ON "setting_versions" USING btree ("key","version");