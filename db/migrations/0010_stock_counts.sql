CREATE TABLE "stock_counts" (
	"branch_id" uuid NOT NULL,
	"status" "vehicle_status" NOT NULL,
	"bikes" integer NOT NULL,
	CONSTRAINT "stock_counts_branch_id_status_pk" PRIMARY KEY("branch_id","status")
);
--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- The counts change with vehicles, in the same statement's transaction, on PGlite and PostgreSQL
-- alike. Statement-level triggers: a bulk import adjusts each count once, not once per bike. Rows are
-- adjusted in (branch, status) order, so two transactions take the count rows' locks in one order.
CREATE FUNCTION stock_counts_adjust() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stock_counts AS c (branch_id, status, bikes)
      SELECT branch_id, status, count(*) FROM new_rows GROUP BY branch_id, status ORDER BY branch_id, status
      ON CONFLICT (branch_id, status) DO UPDATE SET bikes = c.bikes + excluded.bikes;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO stock_counts AS c (branch_id, status, bikes)
      SELECT branch_id, status, -count(*) FROM old_rows GROUP BY branch_id, status ORDER BY branch_id, status
      ON CONFLICT (branch_id, status) DO UPDATE SET bikes = c.bikes + excluded.bikes;
  ELSE
    -- Only bikes whose branch or status changed move between counts (a price edit touches none).
    INSERT INTO stock_counts AS c (branch_id, status, bikes)
      SELECT branch_id, status, sum(change) FROM (
        SELECT o.branch_id, o.status, -1 AS change FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE (o.branch_id, o.status) IS DISTINCT FROM (n.branch_id, n.status)
        UNION ALL
        SELECT n.branch_id, n.status, 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE (o.branch_id, o.status) IS DISTINCT FROM (n.branch_id, n.status)
      ) moved
      GROUP BY branch_id, status HAVING sum(change) <> 0 ORDER BY branch_id, status
      ON CONFLICT (branch_id, status) DO UPDATE SET bikes = c.bikes + excluded.bikes;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER vehicles_count_insert AFTER INSERT ON vehicles REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stock_counts_adjust();
--> statement-breakpoint
CREATE TRIGGER vehicles_count_update AFTER UPDATE ON vehicles REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stock_counts_adjust();
--> statement-breakpoint
CREATE TRIGGER vehicles_count_delete AFTER DELETE ON vehicles REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stock_counts_adjust();
--> statement-breakpoint
-- A TRUNCATE fires no delete trigger: it empties the counts with the bikes.
CREATE FUNCTION stock_counts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM stock_counts;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER vehicles_count_truncate AFTER TRUNCATE ON vehicles
  FOR EACH STATEMENT EXECUTE FUNCTION stock_counts_clear();
--> statement-breakpoint
INSERT INTO stock_counts (branch_id, status, bikes)
  SELECT branch_id, status, count(*) FROM vehicles GROUP BY branch_id, status;
