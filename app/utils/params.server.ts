import { isUuid } from "./ids";
import { notFound } from "./http.server";

/** A record's id from the URL: anything but a UUID is a 404 here, never a database error later. */
export function uuidParam(params: Record<string, string | undefined>, name = "id"): string {
  const value = params[name];
  if (!isUuid(value)) notFound();
  return value;
}
