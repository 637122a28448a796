import { Link, useNavigate, useSearchParams } from "@remix-run/react";
import { ScrollRegion } from "~/components/scroll-region";
import {
  flexRender,
  getCoreRowModel,
  getExpandedRowModel,
  useReactTable,
  type CellContext,
  type Column,
  type ColumnDef,
  type Row as Row_,
  type SortingState,
  type Table,
  type VisibilityState,
} from "@tanstack/react-table";
import { Fragment, type MouseEvent, type ReactNode } from "react";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the generics must match TanStack's declaration
  interface ColumnMeta<TData, TValue> {
    numeric?: boolean;
    /** Keeps the cell on one line (the table scrolls sideways on a narrow screen instead). */
    nowrap?: boolean;
  }
}

export interface TableState {
  page: number;
  size: number;
  sort: string;
  dir: "asc" | "desc";
}

interface DataTableProps<Row> {
  caption: string;
  // TanStack's own typing: a column list mixes value types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<Row, any>[];
  data: Row[];
  rowCount: number;
  state: TableState;
  getRowId: (row: Row) => string;
  empty: ReactNode;
  /** Makes rows expandable, showing this below the row. */
  renderDetail?: (row: Row) => ReactNode;
  /** Columns to hide (id → false), from the URL like the rest of the state; all shown when absent. */
  columnVisibility?: VisibilityState;
}

/**
 * The one table for every list. The server sorts and pages: the URL holds the state, so a view can be
 * bookmarked and shared, and header buttons and pager links only rewrite the search params.
 */
export function DataTable<Row>(props: DataTableProps<Row>) {
  const { state, rowCount } = props;
  const [searchParams, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
  // Cells may use plain <a href> links (cheaper to render than <Link>); one handler keeps them client-side.
  const followLinksInApp = (event: MouseEvent<HTMLTableSectionElement>) => {
    const anchor = (event.target as HTMLElement).closest("a");
    const href = anchor?.getAttribute("href");
    if (!href?.startsWith("/") || anchor?.target || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  const sorting: SortingState = [{ id: state.sort, desc: state.dir === "desc" }];

  const table = useReactTable({
    data: props.data,
    columns: props.columns,
    getRowId: props.getRowId,
    getCoreRowModel: getCoreRowModel(),
    getExpandedRowModel: props.renderDetail ? getExpandedRowModel() : undefined,
    getRowCanExpand: () => Boolean(props.renderDetail),
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    enableSortingRemoval: false,
    rowCount,
    state: {
      sorting,
      pagination: { pageIndex: state.page - 1, pageSize: state.size },
      columnVisibility: props.columnVisibility ?? {},
    },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      if (!first) return;
      const params = new URLSearchParams(searchParams);
      params.set("sort", first.id);
      params.set("dir", first.desc ? "desc" : "asc");
      params.delete("page");
      setSearchParams(params, { preventScrollReset: true });
    },
  });

  const pageCount = Math.max(1, Math.ceil(rowCount / state.size));
  const first = rowCount === 0 ? 0 : (state.page - 1) * state.size + 1;
  const last = Math.min(rowCount, state.page * state.size);
  const pageLink = (page: number) => {
    const params = new URLSearchParams(searchParams);
    params.set("page", String(page));
    return `?${params}`;
  };
  const visibleColumns = table.getVisibleLeafColumns();
  const columnCount = visibleColumns.length;
  const cells = visibleColumns.map((column) => ({ id: column.id, className: cellClass(column), render: cellRenderer(column, table) }));
  // Expandable rows need TanStack's row objects (their state); the rest render straight from the data.
  const rows: BodyRow<Row>[] = props.renderDetail
    ? table.getRowModel().rows
    : props.data.map((original, index) => ({ id: props.getRowId(original), original, index }));

  return (
    <div className="table-frame">
      <ScrollRegion label={props.caption} className="table-scroll">
      <table className="data">
        <caption className="skip-link">{props.caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const label = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th
                    key={header.id}
                    className={header.column.columnDef.meta?.numeric ? "num" : undefined}
                    aria-sort={sorted ? (sorted === "asc" ? "ascending" : "descending") : undefined}
                    scope="col"
                  >
                    {header.column.getCanSort() ? (
                      <button type="button" onClick={header.column.getToggleSortingHandler()}>
                        {label}
                        <span aria-hidden="true">{sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : " ↕"}</span>
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        {/* eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions -- only intercepts clicks on real links, which keep their own keyboard behaviour */}
        <tbody onClick={followLinksInApp}>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columnCount}>
                <div className="empty">{props.empty}</div>
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <Fragment key={row.id}>
                <tr>
                  {cells.map((cell) => (
                    <td key={cell.id} className={cell.className}>
                      {cell.render(row)}
                    </td>
                  ))}
                </tr>
                {props.renderDetail && (row as Row_<Row>).getIsExpanded() ? (
                  <tr className="subrow">
                    <td colSpan={columnCount}>{props.renderDetail(row.original)}</td>
                  </tr>
                ) : null}
              </Fragment>
            ))
          )}
        </tbody>
      </table>
      </ScrollRegion>
      <div className="pager">
        <span>
          {rowCount === 0 ? "No rows" : `Showing ${first}–${last} of ${rowCount.toLocaleString("en-GB")}`}
        </span>
        <nav aria-label="Pages">
          {state.page > 1 ? (
            <Link to={pageLink(state.page - 1)} preventScrollReset>
              ← Previous
            </Link>
          ) : null}
          <span>
            Page {state.page} of {pageCount}
          </span>
          {state.page < pageCount ? (
            <Link to={pageLink(state.page + 1)} preventScrollReset>
              Next →
            </Link>
          ) : null}
        </nav>
      </div>
    </div>
  );
}

/** What a body row needs: TanStack's row for expandable tables, a plain one for the rest. */
type BodyRow<Row> = Pick<Row_<Row>, "id" | "original" | "index">;

function cellClass<Row>(column: Column<Row, unknown>) {
  const meta = column.columnDef.meta;
  const names = [meta?.numeric ? "num" : "", meta?.nowrap ? "nowrap" : ""].filter(Boolean).join(" ");
  return names || undefined;
}

/**
 * A column's cell renderer, fed the value straight from its accessor: TanStack's per-row value cache
 * and per-cell objects are a large part of a page's render, server side, on every request. The
 * renderer gets the context the app's cells use (value, row, column, table).
 */
function cellRenderer<Row>(column: Column<Row, unknown>, table: Table<Row>) {
  const renderer = column.columnDef.cell;
  const valueOf = (row: BodyRow<Row>) => (column.accessorFn ? column.accessorFn(row.original, row.index) : undefined);
  if (typeof renderer !== "function") return (row: BodyRow<Row>) => (renderer as ReactNode) ?? (valueOf(row) as ReactNode);
  return (row: BodyRow<Row>) => {
    const value = valueOf(row);
    const context = { getValue: () => value, renderValue: () => value ?? null, row, column, table } as unknown as CellContext<Row, unknown>;
    return renderer(context);
  };
}

/** A column's expand toggle, for tables with `renderDetail`. */
export function ExpandButton(props: { expanded: boolean; onToggle: () => void; label: string }) {
  return (
    <button type="button" className="button-link" aria-expanded={props.expanded} onClick={props.onToggle}>
      {props.expanded ? "Hide" : "Show"} <span className="skip-link">{props.label}</span>
    </button>
  );
}
