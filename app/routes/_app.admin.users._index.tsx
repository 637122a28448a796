import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable } from "~/components/data-table/data-table";
import { FilterSelect } from "~/components/filter-select";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { ROLE_LABELS, ROLES } from "~/modules/auth/permissions";
import { listBranchOptions } from "~/modules/branches/branches.server";
import { userColumns } from "~/modules/users/user-columns";
import { UserListQuery } from "~/modules/users/users.schema";
import { listUsers } from "~/modules/users/users.server";

export const meta: MetaFunction = () => [{ title: "Users · Laguna Admin" }];

export const access = { loader: "users:manage" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccess({ request, context }, access.loader);
  const query = UserListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [{ rows, total }, branches] = await Promise.all([listUsers(query), listBranchOptions()]);
  return { rows, total, branches, query };
}

export default function UsersPage() {
  const { rows, total, branches, query } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const filtered = ["q", "role", "branch"].some((key) => searchParams.get(key)) || query.active !== "active";
  return (
    <>
      <div className="page-header">
        <h1>Users</h1>
        <Link to="/admin/users/new" className="button primary">
          New user
        </Link>
      </div>
      <Form method="get" className="filters" role="search" aria-label="Filter users">
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <label>
          Search
          <input type="search" name="q" defaultValue={query.q} placeholder="Name or email" />
        </label>
        <FilterSelect name="role" label="Role" value={query.role} any="Any role" options={ROLES.map((role) => [role, ROLE_LABELS[role]] as const)} />
        <FilterSelect name="branch" label="Branch" value={query.branch} any="Any branch" options={branches.map((branch) => [branch.slug, branch.name] as const)} />
        <label>
          Status
          <select name="active" defaultValue={query.active}>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
            <option value="all">All</option>
          </select>
        </label>
        <button type="submit" className="button">
          Apply
        </button>
        {filtered ? <Link to="/admin/users">Clear filters</Link> : null}
      </Form>
      <DataTable
        caption="Users"
        columns={userColumns}
        data={rows}
        rowCount={total}
        state={query}
        getRowId={(row) => row.id}
        empty={filtered ? "No users match these filters." : "No users yet. Add the first with New user."}
      />
    </>
  );
}
