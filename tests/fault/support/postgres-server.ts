/** The PostgreSQL server the fault test uses: TEST_DATABASE_URL, else the local one CI starts. */
export function faultTestServerUrl() {
  return process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
}
