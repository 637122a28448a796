import { Link, useNavigate, useSearchParams } from "@remix-run/react";
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
  type VisibilityState,
} from "@tanstack/react-table";
import { Fragment, type MouseEvent, type ReactNode } from "react";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the generics must match TanStack's declaration
  interface ColumnMeta<TData, TValue> {
    numeric?: boolean;
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

  return (
    <div className="table-wrap">
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
          {table.getRowModel().rows.length === 0 ? (
            <tr>
              <td colSpan={columnCount}>
                <div className="empty">{props.empty}</div>
              </td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => (
              <Fragment key={row.id}>
                <tr>
                  {visibleColumns.map((column) => (
                    <td key={column.id} className={column.columnDef.meta?.numeric ? "num" : undefined}>
                      {renderCell(column, row)}
                    </td>
                  ))}
                </tr>
                {row.getIsExpanded() && props.renderDetail ? (
                  <tr className="subrow">
                    <td colSpan={columnCount}>{props.renderDetail(row.original)}</td>
                  </tr>
                ) : null}
              </Fragment>
            ))
          )}
        </tbody>
      </table>
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

/**
 * A cell without TanStack's per-cell objects: the column's own renderer gets the context it uses
 * (value, row, column, table). Building 600 cell objects per page cost a few ms of server time.
 */
function renderCell<Row>(column: Column<Row, unknown>, row: Row_<Row>) {
  const renderer = column.columnDef.cell;
  if (typeof renderer !== "function") return (renderer as ReactNode) ?? (row.getValue(column.id) as ReactNode);
  const context = { getValue: () => row.getValue(column.id), renderValue: () => row.renderValue(column.id), row, column } as unknown as CellContext<Row, unknown>;
  return renderer(context);
}

/** A column's expand toggle, for tables with `renderDetail`. */
export function ExpandButton(props: { expanded: boolean; onToggle: () => void; label: string }) {
  return (
    <button type="button" className="button-link" aria-expanded={props.expanded} onClick={props.onToggle}>
      {props.expanded ? "Hide" : "Show"} <span className="skip-link">{props.label}</span>
    </button>
  );
}
