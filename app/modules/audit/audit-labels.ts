/** The "who" filter's value for rows written with no signed-in user (seeds, expiries). Browser-safe. */
export const SYSTEM_ACTOR = "system";

/** The filters as search params, without paging: for the CSV link and the "filtered" check. */
export function auditFilterParams(query: { actor?: string; entityType?: string; entityId?: string; action?: string; from?: string; to?: string }) {
  const params = new URLSearchParams();
  for (const key of ["actor", "entityType", "entityId", "action", "from", "to"] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  return params;
}
