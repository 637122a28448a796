-- Sessions are now stored under the SHA-256 of their cookie's token (app/modules/auth/session.server.ts).
-- Rows from before were stored under the token itself and can no longer be found: they go, and
-- everyone signs in again once. (The next migration then refuses an id that is not such a hash.)
DELETE FROM "sessions";
