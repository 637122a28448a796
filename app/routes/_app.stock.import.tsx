import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ScrollRegion } from "~/components/scroll-region";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { ErrorPage } from "~/components/error-page";
import { FormErrors } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import {
  commitStockImport,
  decodeCsvUpload,
  IMPORT_COLUMN_HELP,
  IMPORT_MAX_BYTES,
  previewStockImport,
  type StockImportPreview,
} from "~/modules/stock/stock-import.server";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { submissionOf } from "~/utils/submission.server";

export const meta: MetaFunction = () => [{ title: "Import stock · Laguna Admin" }];

const SHOWN_ERROR_ROWS = 500;
const SHOWN_VALID_ROWS = 200;
// Room for the file, and for one a little too large to be told so (rather than refused outright).
const IMPORT_BODY_MAX_BYTES = 2 * IMPORT_MAX_BYTES;

export const access = { loader: "stock:edit", action: "stock:edit" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccess({ request, context }, access.loader);
  return { columns: IMPORT_COLUMN_HELP };
}

// The errors here are about a file, not form fields, so the page answers with a message or a preview
// rather than a conform reply. Nothing is stored between checking and importing: the CSV comes back.
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAccess({ request, context }, access.action);
  const form = await readUpload(request);
  if (typeof form === "string") return data({ problem: form }, { status: 400 });

  if (form.get("intent") === "commit") {
    const csv = form.get("csv");
    if (typeof csv !== "string") return data({ problem: "The file's contents were lost: check the file again." }, { status: 400 });
    const result = await commitStockImport(user, csv, submissionOf(user, form));
    if (result.ok) return redirectWithToast("/stock", `Imported ${result.count} ${result.count === 1 ? "bike" : "bikes"}`);
    if (result.preview) return data({ problem: result.message, ...forPage(result.preview, csv) }, { status: result.status ?? 400 });
    return data({ problem: result.message }, { status: result.status ?? 400 });
  }

  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) return data({ problem: "Choose a CSV file to check." }, { status: 400 });
  if (/\.xlsx?$/i.test(file.name)) {
    return data({ problem: "That is a spreadsheet workbook: save it as CSV (File › Save As › CSV UTF-8) and choose that file." }, { status: 400 });
  }
  const csv = decodeCsvUpload(new Uint8Array(await file.arrayBuffer()));
  const preview = await previewStockImport(user, csv);
  if (!preview.ok) return data({ problem: preview.message }, { status: 400 });
  return forPage(preview, csv);
}

/** The multipart body (refused when it is not one, or too large), or why its file can't be used. */
async function readUpload(request: Request): Promise<FormData | string> {
  const form = await readForm(request, { maxBytes: IMPORT_BODY_MAX_BYTES, accept: ["multipart/form-data"] });
  const file = form.get("file");
  if (file instanceof File && file.size > IMPORT_MAX_BYTES) return "The file is larger than 5 MB. Split it into smaller files.";
  return form;
}

/** What the browser needs: rows with errors, the first valid rows, and the CSV only when it may be imported. */
function forPage(preview: StockImportPreview, csv: string) {
  const withErrors = preview.rows.filter((row) => row.errors.length > 0);
  return {
    errorCount: preview.errorCount,
    validCount: preview.validCount,
    errors: withErrors.slice(0, SHOWN_ERROR_ROWS).flatMap((row) => row.errors.map((error) => ({ line: row.line, ...error }))),
    valid: preview.rows.filter((row) => row.errors.length === 0).slice(0, SHOWN_VALID_ROWS),
    csv: preview.errorCount === 0 ? csv : null,
  };
}

export default function StockImportPage() {
  const { columns } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <div className="page-header">
        <h1>Import stock</h1>
        <Link to="/stock">Back to stock</Link>
      </div>
      <section className="panel" aria-labelledby="how-title">
        <h2 id="how-title">How it works</h2>
        <p>
          Fill in the template, one bike per row, then check the file: every problem is listed by line and column. When there are none you
          can import the lot. Either every bike is added or none is. Up to 5,000 bikes and 5 MB per file.
        </p>
        <p>
          <a className="button" href="/stock/import.csv" download>
            Download the template
          </a>
        </p>
        <details>
          <summary>The columns</summary>
          <dl className="facts">
            {columns.map(({ column, required, help }) => (
              <Fragment key={column}>
                <dt className="mono">{column}</dt>
                <dd>
                  {help} {required ? <span className="badge">required</span> : null}
                </dd>
              </Fragment>
            ))}
          </dl>
        </details>
      </section>

      <section className="panel" aria-labelledby="check-title">
        <h2 id="check-title">Check a file</h2>
        <Form method="post" encType="multipart/form-data" className="form-actions">
          <input type="hidden" name="intent" value="check" />
          <div className="field">
            <label htmlFor="import-file">CSV file</label>
            <input id="import-file" type="file" name="file" accept=".csv,text/csv" required />
          </div>
          <SubmitButton className="button" pendingLabel="Checking…">
            Check file
          </SubmitButton>
        </Form>
      </section>

      {result && "problem" in result && result.problem ? <FormErrors id="import-problem" errors={[result.problem]} /> : null}
      {result && "validCount" in result ? <Preview result={result} /> : null}
    </>
  );
}

type PreviewData = ReturnType<typeof forPage>;

function Preview({ result }: { result: PreviewData }) {
  const { errorCount, validCount, errors, valid, csv } = result;
  return (
    <section className="panel" aria-labelledby="preview-title">
      <h2 id="preview-title">The file</h2>
      <p>
        {validCount + errorCount} {validCount + errorCount === 1 ? "bike" : "bikes"}: <span className="badge ok">{validCount} ready</span>{" "}
        <span className={errorCount ? "badge danger" : "badge"}>{errorCount} with errors</span>
      </p>
      {errors.length ? (
        <ScrollRegion label="Rows with errors">
          <table className="data">
            <caption className="muted">
              Fix these in the file and check it again{errorCount > SHOWN_ERROR_ROWS ? ` (the first ${SHOWN_ERROR_ROWS} rows with errors are shown)` : ""}.
            </caption>
            <thead>
              <tr>
                <th className="num">Line</th>
                <th>Column</th>
                <th>Problem</th>
              </tr>
            </thead>
            <tbody>
              {errors.map((error, i) => (
                <tr key={i}>
                  <td className="num">{error.line}</td>
                  <td className="mono">{error.column}</td>
                  <td>{error.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      {valid.length ? (
        <>
          <h3>Ready to import{validCount > valid.length ? ` (the first ${valid.length})` : ""}</h3>
          <ol className="link-list scroll-list">
            {valid.map((row) => (
              <li key={row.line}>
                <span className="muted">Line {row.line}:</span> {row.summary}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {csv !== null ? (
        <Form method="post" encType="multipart/form-data" className="form-actions">
          <input type="hidden" name="intent" value="commit" />
          <textarea name="csv" value={csv} readOnly hidden />
          <SubmitButton pendingLabel="Importing…">{`Import ${validCount} ${validCount === 1 ? "bike" : "bikes"}`}</SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <ErrorPage inShell />;
}
