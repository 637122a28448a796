import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ScrollingText } from "~/components/scroll-region";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, ExpandButton } from "~/components/data-table/data-table";
import { ErrorPage } from "~/components/error-page";
import { AUDIT_CSV_LIMIT, listAudit, listAuditFilterOptions, type AuditListRow } from "~/modules/audit/audit.server";
import { auditFilterParams, SYSTEM_ACTOR } from "~/modules/audit/audit-labels";
import { parseAuditQuery } from "~/modules/audit/audit.schema";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { formatDateTime } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Audit log · Laguna Admin" }];

export const access = { loader: "audit:view" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Loaders run in parallel: the layout's check protects nothing here.
  await requireAccess({ request, context }, access.loader);
  const query = parseAuditQuery(new URL(request.url).searchParams);
  const [{ rows, total }, options] = await Promise.all([listAudit(query), listAuditFilterOptions()]);
  return { query, rows, total, options, csvLimit: AUDIT_CSV_LIMIT };
}

const column = createColumnHelper<AuditListRow>();

const columns = [
  column.display({
    id: "expand",
    header: () => <span className="skip-link">Details</span>,
    cell: ({ row }) => (
      <ExpandButton
        expanded={row.getIsExpanded()}
        onToggle={row.getToggleExpandedHandler()}
        label={`before and after of entry ${row.original.id}`}
      />
    ),
  }),
  column.accessor("createdAt", {
    header: "When (UK time)",
    cell: ({ getValue }) => <time dateTime={new Date(getValue()).toISOString()}>{formatDateTime(getValue())}</time>,
  }),
  column.accessor("actorEmail", {
    header: "Who",
    cell: ({ getValue }) => getValue() ?? <span className="badge">system</span>,
  }),
  column.accessor("action", { header: "Action", cell: ({ getValue }) => <code>{getValue()}</code> }),
  column.accessor("entityType", {
    header: "Entity",
    cell: ({ row }) => (
      <>
        {row.original.entityType}
        {row.original.entityId ? <span className="muted"> {row.original.entityId}</span> : null}
      </>
    ),
  }),
  column.accessor("ipAddress", { header: "IP address", enableSorting: false, cell: ({ getValue }) => getValue() ?? "—" }),
];

function Json(props: { title: string; id: number; value: unknown }) {
  return (
    <div>
      <h3>{props.title}</h3>
      {props.value == null ? <p className="muted">Nothing recorded.</p> : <ScrollingText label={`${props.title}, audit entry ${props.id}`}>{JSON.stringify(props.value, null, 2)}</ScrollingText>}
    </div>
  );
}

function Detail(props: { row: AuditListRow }) {
  return (
    <div className="diff">
      <Json title="Before" id={props.row.id} value={props.row.before} />
      <Json title="After" id={props.row.id} value={props.row.after} />
    </div>
  );
}

/** The current value stays selectable even when it isn't among the recorded ones (a hand-edited URL). */
const withCurrent = (values: string[], current: string | undefined) =>
  current && !values.includes(current) ? [current, ...values] : values;

export default function AuditLogPage() {
  const { query, rows, total, options, csvLimit } = useLoaderData<typeof loader>();
  const filters = auditFilterParams(query);
  const filtered = filters.size > 0;
  const csvParams = new URLSearchParams(filters);
  csvParams.set("sort", query.sort);
  csvParams.set("dir", query.dir);
  const knownActor = !query.actor || query.actor === SYSTEM_ACTOR || options.users.some((user) => user.id === query.actor);

  return (
    <>
      <div className="page-header">
        <h1>Audit log</h1>
        <a className="button" href={`/admin/audit.csv?${csvParams}`} download>
          Download CSV
        </a>
      </div>

      <Form method="get" className="filters" key={filters.toString()} aria-label="Filter the audit log">
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        {query.size !== 50 ? <input type="hidden" name="size" value={query.size} /> : null}
        <label>
          Who
          <select name="actor" defaultValue={query.actor ?? ""}>
            <option value="">Anyone</option>
            <option value={SYSTEM_ACTOR}>System (no signed-in user)</option>
            {knownActor ? null : <option value={query.actor}>Email contains “{query.actor}”</option>}
            {options.users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name} ({user.email})
              </option>
            ))}
          </select>
        </label>
        <label>
          Entity type
          <select name="entityType" defaultValue={query.entityType ?? ""}>
            <option value="">Any</option>
            {withCurrent(options.entityTypes, query.entityType).map((value) => (
              <option key={value}>{value}</option>
            ))}
          </select>
        </label>
        <label>
          Entity id
          <input name="entityId" defaultValue={query.entityId ?? ""} size={14} autoComplete="off" />
        </label>
        <label>
          Action
          <select name="action" defaultValue={query.action ?? ""}>
            <option value="">Any</option>
            {withCurrent(options.actions, query.action).map((value) => (
              <option key={value}>{value}</option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" name="from" defaultValue={query.from ?? ""} />
        </label>
        <label>
          To
          <input type="date" name="to" defaultValue={query.to ?? ""} />
        </label>
        <button type="submit" className="button primary">
          Apply
        </button>
        <Link to="/admin/audit">Clear</Link>
      </Form>

      <p aria-live="polite">
        {total.toLocaleString("en-GB")} {total === 1 ? "entry" : "entries"}
        {filtered ? " match these filters" : " in all"}. Dates are UK days (Europe/London).
        {query.swappedDates ? " The From date was after the To date, so they were read the other way round." : null}
        {total > csvLimit ? ` The CSV holds the first ${csvLimit.toLocaleString("en-GB")}; narrow the filters for the rest.` : null}
      </p>

      <DataTable
        caption="Audit log entries"
        columns={columns}
        data={rows}
        rowCount={total}
        state={query}
        getRowId={(row) => String(row.id)}
        renderDetail={(row) => <Detail row={row} />}
        empty={
          filtered ? (
            <>
              No entries match these filters. <Link to="/admin/audit">Clear the filters</Link>
            </>
          ) : (
            "Nothing has been recorded yet."
          )
        }
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage inShell />;
}
