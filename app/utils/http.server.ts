/** Thrown responses, shown by the nearest error boundary. */
export function forbidden(message = "You don't have access to this page."): never {
  throw new Response(message, { status: 403, statusText: "Forbidden" });
}

export function notFound(message = "We couldn't find that page."): never {
  throw new Response(message, { status: 404, statusText: "Not Found" });
}

/** Only same-site paths are followed after sign-in, never another host. */
export function safeRedirectPath(target: FormDataEntryValue | string | null | undefined, fallback = "/") {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) {
    return fallback;
  }
  return target;
}
