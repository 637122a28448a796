CREATE TABLE "unsold_stock_days" (
	"branch_id" uuid NOT NULL,
	"status" "vehicle_status" NOT NULL,
	"in_stock_on" date NOT NULL,
	"bikes" integer NOT NULL,
	"value_pence" bigint NOT NULL,
	CONSTRAINT "unsold_stock_days_branch_id_status_in_stock_on_pk" PRIMARY KEY("branch_id","status","in_stock_on")
);
--> statement-breakpoint
ALTER TABLE "unsold_stock_days" ADD CONSTRAINT "unsold_stock_days_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Kept as stock_counts is (0010): statement-level triggers in the changing statement's transaction,
-- rows adjusted in key order so two transactions take their locks in one order. PostgreSQL fires a
-- table's triggers for one event in name order: vehicles_count_* (stock_counts) before
-- vehicles_unsold_days_*, the same order in every statement; keep it so when renaming either.
CREATE FUNCTION unsold_stock_days_adjust() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO unsold_stock_days AS d (branch_id, status, in_stock_on, bikes, value_pence)
      SELECT branch_id, status, in_stock_on, count(*), sum(retail_price_pence) FROM new_rows
        WHERE status IN ('in_stock', 'reserved', 'in_transit')
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (branch_id, status, in_stock_on) DO UPDATE
        SET bikes = d.bikes + excluded.bikes, value_pence = d.value_pence + excluded.value_pence;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO unsold_stock_days AS d (branch_id, status, in_stock_on, bikes, value_pence)
      SELECT branch_id, status, in_stock_on, -count(*), -sum(retail_price_pence) FROM old_rows
        WHERE status IN ('in_stock', 'reserved', 'in_transit')
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (branch_id, status, in_stock_on) DO UPDATE
        SET bikes = d.bikes + excluded.bikes, value_pence = d.value_pence + excluded.value_pence;
  ELSE
    -- Only bikes whose branch, status, intake day or price changed move (a note or a mileage edit: none):
    -- each leaves its old day and joins its new one.
    INSERT INTO unsold_stock_days AS d (branch_id, status, in_stock_on, bikes, value_pence)
      SELECT m.branch_id, m.status, m.in_stock_on, sum(m.bikes), sum(m.value_pence)
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        CROSS JOIN LATERAL (VALUES
          (o.branch_id, o.status, o.in_stock_on, -1, -o.retail_price_pence::bigint),
          (n.branch_id, n.status, n.in_stock_on, 1, n.retail_price_pence::bigint)
        ) AS m(branch_id, status, in_stock_on, bikes, value_pence)
        WHERE (o.branch_id, o.status, o.in_stock_on, o.retail_price_pence) IS DISTINCT FROM (n.branch_id, n.status, n.in_stock_on, n.retail_price_pence)
          AND m.status IN ('in_stock', 'reserved', 'in_transit')
        GROUP BY 1, 2, 3 HAVING sum(m.bikes) <> 0 OR sum(m.value_pence) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (branch_id, status, in_stock_on) DO UPDATE
        SET bikes = d.bikes + excluded.bikes, value_pence = d.value_pence + excluded.value_pence;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    -- A day whose bikes have all gone is dropped, so the table stays the size of the stock it sums.
    DELETE FROM unsold_stock_days d USING (SELECT DISTINCT branch_id, status, in_stock_on FROM old_rows) o
      WHERE d.bikes = 0 AND d.branch_id = o.branch_id AND d.status = o.status AND d.in_stock_on = o.in_stock_on;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER vehicles_unsold_days_insert AFTER INSERT ON vehicles REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION unsold_stock_days_adjust();
--> statement-breakpoint
CREATE TRIGGER vehicles_unsold_days_update AFTER UPDATE ON vehicles REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION unsold_stock_days_adjust();
--> statement-breakpoint
CREATE TRIGGER vehicles_unsold_days_delete AFTER DELETE ON vehicles REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION unsold_stock_days_adjust();
--> statement-breakpoint
CREATE FUNCTION unsold_stock_days_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM unsold_stock_days;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER vehicles_unsold_days_truncate AFTER TRUNCATE ON vehicles
  FOR EACH STATEMENT EXECUTE FUNCTION unsold_stock_days_clear();
--> statement-breakpoint
INSERT INTO unsold_stock_days (branch_id, status, in_stock_on, bikes, value_pence)
  SELECT branch_id, status, in_stock_on, count(*), sum(retail_price_pence) FROM vehicles
    WHERE status IN ('in_stock', 'reserved', 'in_transit')
    GROUP BY 1, 2, 3;
