import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const TITLES: Record<number, string> = {
  400: "That request didn't make sense",
  401: "Please sign in",
  403: "You don't have access",
  404: "Page not found",
  409: "Someone else changed this",
  503: "The database is unavailable",
};

/** What to do next, by status: every error page leaves the reader with a way on. */
const NEXT_STEPS: Record<number, string> = {
  400: "Go back, reload the page and try again.",
  403: "If your work needs this page, ask an admin to change your role or branches. Meanwhile, use the menu to carry on.",
  404: "Check the address, or find what you were looking for from the menu or the dashboard.",
  409: "Reload the page to see the latest version, then make your change again.",
  503: "Wait a minute, then reload the page. If it keeps happening, tell an admin.",
};
const NEXT_STEP_OTHERWISE = "Reload the page to try again. If it keeps happening, tell an admin what you were doing and when.";

/**
 * Friendly 403, 404, 500 and 503 pages; never a stack trace (the server logs it instead). Inside the
 * app shell (`inShell`) it is the page's content; on its own it is the whole page, with its landmark.
 */
export function ErrorPage({ inShell = false }: { inShell?: boolean }) {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const detail =
    isRouteErrorResponse(error) && typeof error.data === "string" && error.data
      ? error.data
      : status === 404
        ? "We couldn't find that page. It may have moved, or the link may be wrong."
        : "Something went wrong on our side. It has been logged.";
  const content = (
    <>
      <p className="error-code">{status}</p>
      <h1 id="error-title">{TITLES[status] ?? "Something went wrong"}</h1>
      <p>{detail}</p>
      <p>{NEXT_STEPS[status] ?? NEXT_STEP_OTHERWISE}</p>
      <p>{inShell ? <Link to="/">Go to the dashboard</Link> : <Link to="/login">Sign in</Link>}</p>
    </>
  );
  if (inShell) return <section className="error-page" aria-labelledby="error-title">{content}</section>;
  return (
    <main className="error-page" aria-labelledby="error-title">
      {content}
    </main>
  );
}
