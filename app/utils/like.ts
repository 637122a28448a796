/**
 * A user's text as a LIKE/ILIKE pattern matching it anywhere: `%`, `_` and `\` are escaped (backslash is
 * PostgreSQL's default LIKE escape), so "50%" finds "50%" and not every "50…". The one place this is done.
 */
export const containsPattern = (term: string) => `%${term.replace(/[\\%_]/g, "\\$&")}%`;
