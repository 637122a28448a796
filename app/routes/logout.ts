import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireAccess, requireSession } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { signOut } from "~/modules/auth/sign-in.server";
import { readForm } from "~/utils/form.server";

// The action needs the session it ends: requireSession is its guard. A session still owing its second
// step may sign out too (abandoning the sign-in).
export const access = { loader: "signed-in", action: "session" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccess({ request, context }, access.loader);
  return redirect("/"); // signing out needs a POST
}

export async function action({ request, context }: ActionFunctionArgs) {
  const signedIn = await requireSession({ request, context });
  await readForm(request); // nothing in it is used, but a body that is no form, or too large, is refused like anywhere
  const setCookie = await signOut(signedIn);
  return redirect("/login", { headers: { "Set-Cookie": setCookie } });
}
