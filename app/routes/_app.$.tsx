import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { notFound } from "~/utils/http.server";

// Any unknown address: signed-in users see a 404 inside the app; others are asked to sign in first.
export const access = { loader: "signed-in", action: "signed-in" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccess({ request, context }, access.loader);
  notFound();
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAccess({ request, context }, access.action);
  notFound();
}

export default function NotFound() {
  return null;
}
