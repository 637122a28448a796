import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireSignedIn, requireUser } from "~/modules/auth/guards.server";
import { signOut } from "~/modules/auth/sign-in.server";
import { readForm } from "~/utils/form.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser({ request, context });
  return redirect("/"); // signing out needs a POST
}

export async function action({ request, context }: ActionFunctionArgs) {
  const signedIn = await requireSignedIn({ request, context });
  await readForm(request); // nothing in it is used, but a body that is no form, or too large, is refused like anywhere
  const setCookie = await signOut(signedIn);
  return redirect("/login", { headers: { "Set-Cookie": setCookie } });
}
