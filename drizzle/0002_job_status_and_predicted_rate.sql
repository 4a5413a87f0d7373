ALTER TABLE "venue_job_status" RENAME TO "job_status";--> statement-breakpoint
ALTER TABLE "job_status" RENAME COLUMN "venue_id" TO "source";--> statement-breakpoint
ALTER TABLE "job_status" DROP CONSTRAINT "venue_job_status_venue_id_venues_id_fk";
--> statement-breakpoint
ALTER TABLE "job_status" DROP CONSTRAINT "venue_job_status_pk";--> statement-breakpoint
ALTER TABLE "job_status" ADD CONSTRAINT "job_status_pk" PRIMARY KEY("source","job");--> statement-breakpoint
ALTER TABLE "funding_snapshots" ADD COLUMN "predicted_rate" numeric;