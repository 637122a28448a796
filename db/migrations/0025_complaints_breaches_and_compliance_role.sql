CREATE TYPE "public"."complaint_category" AS ENUM('finance_commission', 'vehicle', 'sale', 'service', 'other');--> statement-breakpoint
CREATE TYPE "public"."complaint_channel" AS ENUM('in_person', 'phone', 'email', 'letter', 'web_form', 'social_media');--> statement-breakpoint
CREATE TYPE "public"."complaint_outcome" AS ENUM('upheld', 'partly_upheld', 'not_upheld');--> statement-breakpoint
CREATE TYPE "public"."complaint_status" AS ENUM('open', 'resolved_summary', 'final_response', 'at_ombudsman', 'ombudsman_decided');--> statement-breakpoint
CREATE TYPE "public"."complaint_step_kind" AS ENUM('acknowledged', 'holding_response', 'summary_resolution', 'final_response', 'redress_offered', 'redress_paid', 'referred_to_ombudsman', 'ombudsman_outcome', 'root_cause');--> statement-breakpoint
ALTER TYPE "public"."role" ADD VALUE 'compliance';--> statement-breakpoint
CREATE TABLE "complaint_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"kind" "complaint_step_kind" NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"outcome" "complaint_outcome",
	"amount_pence" integer,
	"note" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"branch_id" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"channel" "complaint_channel" NOT NULL,
	"complainant_name" text NOT NULL,
	"complainant_contact" text NOT NULL,
	"deal_id" uuid,
	"reservation_id" uuid,
	"vehicle_id" uuid,
	"category" "complaint_category" NOT NULL,
	"description" text NOT NULL,
	"desired_outcome" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"status" "complaint_status" DEFAULT 'open' NOT NULL,
	"summary_due_at" timestamp with time zone NOT NULL,
	"final_due_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "breach_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"breach_id" uuid NOT NULL,
	"description" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "breaches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"description" text NOT NULL,
	"occurred_on" date,
	"found_on" date NOT NULL,
	"rule" text NOT NULL,
	"deal_ids" uuid[] DEFAULT '{}' NOT NULL,
	"offer_ids" uuid[] DEFAULT '{}' NOT NULL,
	"principal_told_at" timestamp with time zone,
	"principal_told_note" text DEFAULT '' NOT NULL,
	"closed_at" timestamp with time zone,
	"closing_note" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaint_steps" ADD CONSTRAINT "complaint_steps_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_steps" ADD CONSTRAINT "complaint_steps_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_deal_id_finance_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."finance_deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_reservation_id_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."reservations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breach_actions" ADD CONSTRAINT "breach_actions_breach_id_breaches_id_fk" FOREIGN KEY ("breach_id") REFERENCES "public"."breaches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breach_actions" ADD CONSTRAINT "breach_actions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breach_actions" ADD CONSTRAINT "breach_actions_done_by_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breach_actions" ADD CONSTRAINT "breach_actions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breaches" ADD CONSTRAINT "breaches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaint_steps_complaint_idx" ON "complaint_steps" USING btree ("complaint_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_reference_key" ON "complaints" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "complaints_branch_received_idx" ON "complaints" USING btree ("branch_id","received_at");--> statement-breakpoint
CREATE INDEX "complaints_final_due_idx" ON "complaints" USING btree ("final_due_at");--> statement-breakpoint
CREATE INDEX "complaints_deal_idx" ON "complaints" USING btree ("deal_id");--> statement-breakpoint
CREATE INDEX "breach_actions_breach_idx" ON "breach_actions" USING btree ("breach_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "breaches_reference_key" ON "breaches" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "breaches_found_idx" ON "breaches" USING btree ("found_on");