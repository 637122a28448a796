import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { ScrollRegion } from "~/components/scroll-region";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { buildSubjectAccessExport, EXPORT_SECTIONS, recordSubjectAccessExport } from "~/modules/privacy/subject-access.server";
import { formatDateTime } from "~/utils/dates";
import { notFound } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Everything held on ${data?.held.customer.name ?? "a customer"} · Laguna Admin` }];

/** The subject access answer as a page to read or print; the same content as /customers/:id/export.json. */
export const access = { loader: "customers:export" } as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const held = await buildSubjectAccessExport(user, params.id ?? "");
  if (!held) notFound("That customer doesn't exist.");
  await recordSubjectAccessExport(user, held.customer.id, "page");
  return { held, sections: EXPORT_SECTIONS };
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** One value as a person reads it: dates in London time, objects as compact JSON. */
function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") return DATE_TIME.test(value) ? formatDateTime(value) : value;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export default function SubjectAccessPage() {
  const { held, sections } = useLoaderData<typeof loader>();
  const records = held.records as unknown as Record<string, Record<string, unknown>[]>;
  return (
    <article className="evidence-pack">
      <div className="page-header">
        <h1>Everything held on {held.customer.name}</h1>
        <div className="form-actions">
          <a className="button" href={`/customers/${held.customer.id}/export.json`} download>
            Download JSON
          </a>
          <Link className="button" to={`/customers/${held.customer.id}/erasure`}>
            Erasure and retention
          </Link>
        </div>
      </div>
      <p className="muted">
        Produced {formatDateTime(held.generatedAt)} by {held.generatedBy.name} for a subject access request. Every table that names the customer is below; sections with
        nothing held say so.
      </p>
      {held.documents.length ? (
        <section className="panel evidence-section" aria-labelledby="documents">
          <h2 id="documents">Documents ({held.documents.length})</h2>
          <ul>
            {held.documents.map((d) => (
              <li key={d.href}>
                <a href={d.href}>{d.kind}</a> · SHA-256 <code>{d.sha256.slice(0, 16)}…</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {sections.map(({ key, title }) => {
        const rows = records[key] ?? [];
        const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
        return (
          <section key={key} className="panel evidence-section" aria-labelledby={`section-${key}`}>
            <h2 id={`section-${key}`}>
              {title} ({rows.length})
            </h2>
            {rows.length === 0 ? (
              <p className="muted">Nothing held.</p>
            ) : (
              <ScrollRegion label={title}>
                <table>
                  <thead>
                    <tr>
                      {columns.map((c) => (
                        <th key={c} scope="col">
                          {c}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row, i) => (
                      <tr key={String(row.id ?? i)}>
                        {columns.map((c) => (
                          <td key={c}>{show(row[c])}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            )}
          </section>
        );
      })}
    </article>
  );
}

export function ErrorBoundary() {
  return <ErrorPage inShell />;
}
