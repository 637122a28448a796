CREATE TYPE "public"."erasure_outcome" AS ENUM('done', 'refused');--> statement-breakpoint
CREATE TABLE "customer_anonymisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"erasure_request_id" uuid,
	"copies" jsonb NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "erasure_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"outcome" "erasure_outcome" NOT NULL,
	"legal_reason" text DEFAULT '' NOT NULL,
	"can_be_done_on" date,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "personal_data_views" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"viewer_id" uuid NOT NULL,
	"viewer_email" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"field" text NOT NULL,
	"place" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_anonymisations" ADD CONSTRAINT "customer_anonymisations_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_anonymisations" ADD CONSTRAINT "customer_anonymisations_erasure_request_id_erasure_requests_id_fk" FOREIGN KEY ("erasure_request_id") REFERENCES "public"."erasure_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_anonymisations" ADD CONSTRAINT "customer_anonymisations_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasure_requests" ADD CONSTRAINT "erasure_requests_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasure_requests" ADD CONSTRAINT "erasure_requests_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_data_views" ADD CONSTRAINT "personal_data_views_viewer_id_users_id_fk" FOREIGN KEY ("viewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_anonymisations_customer_idx" ON "customer_anonymisations" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "erasure_requests_customer_idx" ON "erasure_requests" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "personal_data_views_entity_idx" ON "personal_data_views" USING btree ("entity_type","entity_id","created_at");--> statement-breakpoint
CREATE INDEX "personal_data_views_viewer_idx" ON "personal_data_views" USING btree ("viewer_id","created_at");