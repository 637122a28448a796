import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table/data-table";
import { ErrorPage } from "~/components/error-page";
import { requireAccess } from "~/modules/auth/guards.server";
import { can } from "~/modules/auth/permissions";
import type { RouteAccess } from "~/modules/auth/route-access";
import { customerColumns, type CustomerTableRow } from "~/modules/customers/customer-columns";
import { listCustomers } from "~/modules/customers/customers-read.server";
import { CustomerListQuery } from "~/modules/customers/customers.schema";

export const meta: MetaFunction = () => [{ title: "Customers · Laguna Admin" }];

export const access = { loader: "customers:view" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const query = CustomerListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { rows, total } = await listCustomers(user, query);
  return { query, rows: rows satisfies CustomerTableRow[], total, canAdd: can(user, "customers:edit"), seesAll: user.role === "admin" || user.role === "compliance" };
}

export default function CustomersPage() {
  const { query, rows, total, canAdd, seesAll } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.q || query.duplicates);
  return (
    <>
      <div className="page-header">
        <h1>Customers</h1>
        {canAdd ? (
          <Link to="/customers/new" className="button primary">
            Add a customer
          </Link>
        ) : null}
      </div>
      <p className="hint">
        {seesAll
          ? "Every branch's customers."
          : "Customers with a reservation, sale, finance deal or complaint at your branches, and those first recorded there."}{" "}
        A likely duplicate shares an email or phone number, or a name and date of birth, with another record; an admin can merge them.
      </p>
      <Form method="get" className="filters" role="search" aria-label="Find customers" key={`${query.q}-${query.duplicates}`}>
        <label>
          Search
          <input type="search" name="q" defaultValue={query.q} placeholder="Name, email, phone or postcode" />
        </label>
        <label className="checkbox">
          <input type="checkbox" name="duplicates" value="1" defaultChecked={Boolean(query.duplicates)} /> Likely duplicates only
        </label>
        <button type="submit" className="button">
          Apply
        </button>
        {filtered ? <Link to="/customers">Clear</Link> : null}
      </Form>
      <DataTable
        caption="Customers"
        columns={customerColumns}
        data={rows}
        rowCount={total}
        state={query}
        getRowId={(row) => row.id}
        empty={
          filtered ? (
            "No customers match this search."
          ) : canAdd ? (
            <>
              No customers yet. <Link to="/customers/new">Add one</Link>, or record a reservation, sale or deal.
            </>
          ) : (
            "No customers yet."
          )
        }
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
