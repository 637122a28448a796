import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/modules/auth/guards.server";
import { can, ROLE_LABELS } from "~/modules/auth/permissions";
import { branchesForDashboard } from "~/modules/branches/branches.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Laguna Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "dashboard:view");
  const branches = await branchesForDashboard(user);
  return { user, branches };
}

export default function Dashboard() {
  const { user, branches } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Welcome, {user.name.split(" ")[0]}</h1>
      <p className="muted">
        Signed in as {ROLE_LABELS[user.role]}
        {user.role === "admin" ? ": you see the whole group." : "."}
      </p>
      <section aria-labelledby="branches-title" className="tiles">
        <h2 id="branches-title">{user.role === "admin" ? "The group's branches" : "Your branches"}</h2>
        {branches.length === 0 ? (
          <p className="empty">
            You're not assigned to a branch yet. Ask an admin to add you to your branch.
          </p>
        ) : (
          <ul className="tile-grid">
            {branches.map((branch) => (
              <li key={branch.id} className="tile">
                <h3>{branch.name}</h3>
                <p className="muted">{branch.brands.length ? branch.brands.join(", ") : "Used bikes"}</p>
                {branch.phone ? <p>{branch.phone}</p> : null}
                {!branch.active ? <p className="badge warn">Inactive</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {can(user, "users:manage") ? (
        <section aria-labelledby="admin-title" className="tiles">
          <h2 id="admin-title">Administration</h2>
          <ul className="link-list">
            <li><Link to="/admin/users">Manage users</Link></li>
            <li><Link to="/admin/branches">Manage branches</Link></li>
            <li><Link to="/admin/audit">Read the audit log</Link></li>
          </ul>
        </section>
      ) : null}
    </>
  );
}
