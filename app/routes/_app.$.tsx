import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/guards.server";
import { notFound } from "~/utils/http.server";

// Any unknown address: signed-in users see a 404 inside the app; others are asked to sign in first.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser({ request, context });
  notFound();
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireUser({ request, context });
  notFound();
}

export default function NotFound() {
  return null;
}
