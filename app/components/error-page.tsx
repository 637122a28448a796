import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const TITLES: Record<number, string> = {
  400: "That request didn't make sense",
  401: "Please sign in",
  403: "You don't have access",
  404: "Page not found",
  409: "Someone else changed this",
  503: "The database is unavailable",
};

/** Friendly 403, 404, 500 and 503 pages; never a stack trace (the server logs it instead). */
export function ErrorPage() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const detail =
    isRouteErrorResponse(error) && typeof error.data === "string" && error.data
      ? error.data
      : status === 404
        ? "We couldn't find that page. It may have moved, or the link may be wrong."
        : "Something went wrong on our side. It has been logged; please try again.";
  return (
    <main className="error-page" aria-labelledby="error-title">
      <p className="error-code">{status}</p>
      <h1 id="error-title">{TITLES[status] ?? "Something went wrong"}</h1>
      <p>{detail}</p>
      <p>
        <Link to="/">Go to the dashboard</Link>
      </p>
    </main>
  );
}
