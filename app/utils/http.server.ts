/** Thrown responses, shown by the nearest error boundary. */
export function forbidden(message = "You don't have access to this page."): never {
  throw new Response(message, { status: 403, statusText: "Forbidden" });
}

export function notFound(message = "We couldn't find that page."): never {
  throw new Response(message, { status: 404, statusText: "Not Found" });
}

// Stands for our own origin while a path is resolved: only what stays on it is followed.
const HOME = "http://laguna.invalid";

/**
 * A path on this site to go to after signing in, or `fallback`. The target is resolved the way a
 * browser resolves a Location header (the WHATWG URL parser), and only a path that stays on our
 * origin is kept, in its normalised form. Refused besides, whatever the parser makes of them:
 * control characters (browsers drop a tab or newline, so `/\t/evil.example` is `//evil.example`),
 * backslashes (read as slashes), and a path that starts `//` once percent-decoded (`/%2F%2Fevil`),
 * which the next server to decode it might follow off-site.
 */
export function safeRedirectPath(target: FormDataEntryValue | string | null | undefined, fallback = "/") {
  if (typeof target !== "string" || !target.startsWith("/") || target.length > 2000) return fallback;
  if (UNSAFE_CHARACTERS.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, HOME);
  } catch {
    return fallback;
  }
  if (url.origin !== HOME) return fallback;
  const path = fullyDecoded(url.pathname);
  if (path === null || UNSAFE_CHARACTERS.test(path) || path.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;

/** Percent-decoded until it no longer changes (`%252F` is `%2F` is `/`); null when malformed. */
function fullyDecoded(path: string): string | null {
  for (let rounds = 0; rounds < 5; rounds++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return null;
    }
    if (decoded === path) return path;
    path = decoded;
  }
  return null;
}
