-- Customer records from the names and contacts already typed on reservations, sales (a sold bike's
-- buyer) and finance deals (#16 item 6). Records that name the same person exactly (the same name
-- and the same contact, compared without case, spacing or phone punctuation) become one customer;
-- a deal's date of birth and residency come along. Where one name and contact carry two different
-- dates of birth (two deals), those are two people, and a record with no date of birth stays apart.
-- Complaints are linked, never a source: to the customer whose name and contact match exactly, else
-- to their deal's or reservation's customer when the names match (a complainant may be someone else).
-- Only unlinked records are read, so the statements can run again. The records keep their own text.
CREATE TEMPORARY TABLE customer_backfill_sources (
  kind text NOT NULL,
  record_id uuid NOT NULL,
  name text NOT NULL,
  contact text NOT NULL,
  date_of_birth date,
  uk_resident boolean,
  branch_id uuid,
  seen_at timestamptz NOT NULL,
  name_key text,
  email text,
  phone text,
  contact_key text,
  group_key text
);
--> statement-breakpoint
INSERT INTO customer_backfill_sources (kind, record_id, name, contact, branch_id, seen_at)
SELECT 'reservation', r.id, r.customer_name, r.customer_contact, v.branch_id, r.created_at
FROM reservations r JOIN vehicles v ON v.id = r.vehicle_id
WHERE r.customer_id IS NULL AND btrim(r.customer_name) <> '';
--> statement-breakpoint
INSERT INTO customer_backfill_sources (kind, record_id, name, contact, branch_id, seen_at)
SELECT 'sale', v.id, v.sale_customer_name, coalesce(v.sale_customer_contact, ''), v.branch_id, coalesce(v.sold_on::timestamptz, v.updated_at)
FROM vehicles v
WHERE v.sale_customer_id IS NULL AND btrim(coalesce(v.sale_customer_name, '')) <> '';
--> statement-breakpoint
INSERT INTO customer_backfill_sources (kind, record_id, name, contact, date_of_birth, uk_resident, branch_id, seen_at)
SELECT 'deal', d.id, d.customer_name, d.customer_contact, d.customer_date_of_birth, d.customer_uk_resident, d.branch_id, d.created_at
FROM finance_deals d
WHERE d.customer_id IS NULL AND btrim(d.customer_name) <> '';
--> statement-breakpoint
INSERT INTO customer_backfill_sources (kind, record_id, name, contact, branch_id, seen_at)
SELECT 'complaint', c.id, c.complainant_name, c.complainant_contact, c.branch_id, c.received_at
FROM complaints c
WHERE c.customer_id IS NULL AND btrim(c.complainant_name) <> '';
--> statement-breakpoint
-- The contact is free text: an email in it is the email; the digits left over, when there are
-- enough for a phone number, the phone (+44 read as a leading 0). Anything else compares as written.
UPDATE customer_backfill_sources
SET name_key = lower(regexp_replace(btrim(name), '\s+', ' ', 'g')),
    email = lower(substring(contact from '[^[:space:]<>(),;:/]+@[^[:space:]<>(),;:/]+\.[^[:space:]<>(),;:/]+'));
--> statement-breakpoint
UPDATE customer_backfill_sources
SET phone = nullif(regexp_replace(regexp_replace(
      CASE WHEN email IS NULL THEN contact ELSE regexp_replace(lower(contact), '[^[:space:]<>(),;:/]+@[^[:space:]<>(),;:/]+\.[^[:space:]<>(),;:/]+', '') END,
      '[^0-9]', '', 'g'), '^(00)?44', '0'), '');
--> statement-breakpoint
UPDATE customer_backfill_sources SET phone = NULL WHERE length(phone) < 9;
--> statement-breakpoint
UPDATE customer_backfill_sources
SET contact_key = CASE WHEN email IS NULL AND phone IS NULL THEN 'text:' || lower(regexp_replace(btrim(contact), '\s+', ' ', 'g'))
                       ELSE coalesce(email, '') || '|' || coalesce(phone, '') END;
--> statement-breakpoint
UPDATE customer_backfill_sources s
SET group_key = s.name_key || '#' || s.contact_key || '#' || CASE WHEN n.dates > 1 THEN coalesce(s.date_of_birth::text, '') ELSE '' END
FROM (
  SELECT name_key, contact_key, count(DISTINCT date_of_birth) AS dates
  FROM customer_backfill_sources WHERE kind <> 'complaint' GROUP BY name_key, contact_key
) n
WHERE n.name_key = s.name_key AND n.contact_key = s.contact_key;
--> statement-breakpoint
CREATE TEMPORARY TABLE customer_backfill_groups AS
SELECT group_key, gen_random_uuid() AS customer_id
FROM customer_backfill_sources WHERE kind <> 'complaint' GROUP BY group_key;
--> statement-breakpoint
-- The newest record's spelling of the name wins; the first record's branch is where it was made.
INSERT INTO customers (id, name, date_of_birth, email, phone, uk_resident, notes, source, created_branch_id, created_at, updated_at)
SELECT g.customer_id,
  (array_agg(btrim(s.name) ORDER BY s.seen_at DESC))[1],
  (array_agg(s.date_of_birth ORDER BY s.seen_at DESC) FILTER (WHERE s.date_of_birth IS NOT NULL))[1],
  (array_agg(s.email ORDER BY s.seen_at DESC) FILTER (WHERE s.email IS NOT NULL))[1],
  (array_agg(s.phone ORDER BY s.seen_at DESC) FILTER (WHERE s.phone IS NOT NULL))[1],
  (array_agg(s.uk_resident ORDER BY s.seen_at DESC) FILTER (WHERE s.uk_resident IS NOT NULL))[1],
  CASE WHEN bool_and(s.email IS NULL AND s.phone IS NULL)
    THEN 'Contact as written on older records: ' || (array_agg(btrim(s.contact) ORDER BY s.seen_at DESC))[1]
    ELSE '' END,
  'migrated',
  (array_agg(s.branch_id ORDER BY s.seen_at ASC))[1],
  min(s.seen_at),
  now()
FROM customer_backfill_groups g JOIN customer_backfill_sources s ON s.group_key = g.group_key AND s.kind <> 'complaint'
GROUP BY g.customer_id;
--> statement-breakpoint
UPDATE reservations r SET customer_id = g.customer_id
FROM customer_backfill_sources s JOIN customer_backfill_groups g ON g.group_key = s.group_key
WHERE s.kind = 'reservation' AND s.record_id = r.id;
--> statement-breakpoint
UPDATE vehicles v SET sale_customer_id = g.customer_id
FROM customer_backfill_sources s JOIN customer_backfill_groups g ON g.group_key = s.group_key
WHERE s.kind = 'sale' AND s.record_id = v.id;
--> statement-breakpoint
-- Only the link changes on a signed deal (0028 lets customer_id alone change); its copy stays.
UPDATE finance_deals d SET customer_id = g.customer_id
FROM customer_backfill_sources s JOIN customer_backfill_groups g ON g.group_key = s.group_key
WHERE s.kind = 'deal' AND s.record_id = d.id;
--> statement-breakpoint
UPDATE complaints c SET customer_id = g.customer_id
FROM customer_backfill_sources s JOIN customer_backfill_groups g ON g.group_key = s.group_key
WHERE s.kind = 'complaint' AND s.record_id = c.id;
--> statement-breakpoint
UPDATE complaints c SET customer_id = d.customer_id
FROM finance_deals d
WHERE c.customer_id IS NULL AND c.deal_id = d.id AND d.customer_id IS NOT NULL
  AND lower(regexp_replace(btrim(c.complainant_name), '\s+', ' ', 'g')) = lower(regexp_replace(btrim(d.customer_name), '\s+', ' ', 'g'));
--> statement-breakpoint
UPDATE complaints c SET customer_id = r.customer_id
FROM reservations r
WHERE c.customer_id IS NULL AND c.reservation_id = r.id AND r.customer_id IS NOT NULL
  AND lower(regexp_replace(btrim(c.complainant_name), '\s+', ' ', 'g')) = lower(regexp_replace(btrim(r.customer_name), '\s+', ' ', 'g'));
--> statement-breakpoint
INSERT INTO audit_log (action, entity_type, after)
SELECT 'customer.backfill', 'customer', jsonb_build_object(
  'customers', (SELECT count(*) FROM customer_backfill_groups),
  'reservations', (SELECT count(*) FROM customer_backfill_sources WHERE kind = 'reservation'),
  'sales', (SELECT count(*) FROM customer_backfill_sources WHERE kind = 'sale'),
  'financeDeals', (SELECT count(*) FROM customer_backfill_sources WHERE kind = 'deal'))
WHERE EXISTS (SELECT 1 FROM customer_backfill_groups);
--> statement-breakpoint
DROP TABLE customer_backfill_groups;
--> statement-breakpoint
DROP TABLE customer_backfill_sources;
