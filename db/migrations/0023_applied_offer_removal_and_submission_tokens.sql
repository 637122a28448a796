CREATE TABLE "submission_tokens" (
	"user_id" uuid NOT NULL,
	"token" uuid NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "submission_tokens_user_id_token_pk" PRIMARY KEY("user_id","token")
);
--> statement-breakpoint
ALTER TABLE "deal_offers" DROP CONSTRAINT "deal_offers_deal_id_offer_id_pk";--> statement-breakpoint
ALTER TABLE "reservation_offers" DROP CONSTRAINT "reservation_offers_reservation_id_offer_id_pk";--> statement-breakpoint
ALTER TABLE "deal_offers" ADD COLUMN "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "deal_offers" ADD COLUMN "removed_by" uuid;--> statement-breakpoint
ALTER TABLE "deal_offers" ADD COLUMN "removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reservation_offers" ADD COLUMN "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "reservation_offers" ADD COLUMN "removed_by" uuid;--> statement-breakpoint
ALTER TABLE "reservation_offers" ADD COLUMN "removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "submission_tokens" ADD CONSTRAINT "submission_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_offers" ADD CONSTRAINT "deal_offers_removed_by_users_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservation_offers" ADD CONSTRAINT "reservation_offers_removed_by_users_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deal_offers_applied_key" ON "deal_offers" USING btree ("deal_id","offer_id") WHERE removed_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "reservation_offers_applied_key" ON "reservation_offers" USING btree ("reservation_id","offer_id") WHERE removed_at is null;