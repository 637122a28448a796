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
ALTER TABLE "personal_data_views" ADD CONSTRAINT "personal_data_views_viewer_id_users_id_fk" FOREIGN KEY ("viewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "personal_data_views_entity_idx" ON "personal_data_views" USING btree ("entity_type","entity_id","created_at");--> statement-breakpoint
CREATE INDEX "personal_data_views_viewer_idx" ON "personal_data_views" USING btree ("viewer_id","created_at");