import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { ErrorPage } from "~/components/error-page";
import { requireAccess, shownUser } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { branchNamesFor } from "~/modules/branches/branches.server";
import { newSubmissionToken } from "~/utils/submission.server";
import { readToast } from "~/utils/toast.server";

export const access = { loader: "signed-in" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const [branchNames, { toast, headers }] = await Promise.all([branchNamesFor(user.branchIds), readToast(request)]);
  // A fresh token for the page's forms on every load, and after every action (see SubmitButton).
  return data({ user: shownUser(user), branchNames, toast, submissionToken: newSubmissionToken() }, { headers });
}

export default function SignedInLayout() {
  const { user, branchNames, toast } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user} branchNames={branchNames} toast={toast}>
      <Outlet />
    </AppShell>
  );
}

// A page below failed (403, 404, 500): the menu stays, so the way on is one click. When this layout's
// own loader failed there is no user to show a menu for, and the bare page says what to do.
export function ErrorBoundary() {
  const layout = useRouteLoaderData<typeof loader>("routes/_app");
  if (!layout) return <ErrorPage />;
  return (
    <AppShell user={layout.user} branchNames={layout.branchNames} toast={null}>
      <ErrorPage inShell />
    </AppShell>
  );
}
