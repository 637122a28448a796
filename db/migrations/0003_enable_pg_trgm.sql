-- Trigram indexes make substring search over stock fast; PGlite loads the extension in db/client.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
