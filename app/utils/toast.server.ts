import { createCookie, redirect } from "@remix-run/node";

// A one-shot message shown after a redirect. It carries no authority, so it needs no signing.
const toastCookie = createCookie("laguna_toast", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: process.env.NODE_ENV === "production",
  maxAge: 60,
});

export async function redirectWithToast(url: string, message: string, init: ResponseInit = {}) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await toastCookie.serialize(message));
  return redirect(url, { ...init, headers });
}

/** Reads the pending toast and the header that clears it. */
export async function readToast(request: Request): Promise<{ toast: string | null; headers: HeadersInit }> {
  const toast = (await toastCookie.parse(request.headers.get("Cookie"))) as unknown;
  if (typeof toast !== "string") return { toast: null, headers: {} };
  return { toast, headers: { "Set-Cookie": await toastCookie.serialize("", { maxAge: 0 }) } };
}
