import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormErrors } from "~/components/form";
import { StepUpCode } from "~/components/step-up-code";
import { STEP_UP_FIELD, stepUpProblem } from "~/modules/auth/step-up.server";
import { readTwoFactorPolicy, saveTwoFactorPolicy } from "~/modules/auth/two-factor.server";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { DataTable } from "~/components/data-table/data-table";
import { FilterSelect } from "~/components/filter-select";
import { SubmitButton } from "~/components/submit-button";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { ROLE_LABELS, ROLES } from "~/modules/auth/permissions";
import { listBranchOptions } from "~/modules/branches/branches.server";
import { userColumns } from "~/modules/users/user-columns";
import { TwoFactorPolicySchema, UserListQuery } from "~/modules/users/users.schema";
import { listUsers } from "~/modules/users/users.server";

export const meta: MetaFunction = () => [{ title: "Users · Laguna Admin" }];

// The action saves which roles must use two-factor sign-in (an admin's setting).
export const access = { loader: "users:manage", action: "users:manage" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccess({ request, context }, access.loader);
  const query = UserListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [{ rows, total }, branches, policy] = await Promise.all([listUsers(query), listBranchOptions(), readTwoFactorPolicy()]);
  return { rows, total, branches, query, policy };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireAccess({ request, context }, access.action);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: TwoFactorPolicySchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: [STEP_UP_FIELD] }), { status: 400 });
  const stepUp = await stepUpProblem({ request, context }, formData, "change who must use two-factor sign-in");
  if (stepUp) return data(submission.reply({ fieldErrors: { [STEP_UP_FIELD]: [stepUp] }, hideFields: [STEP_UP_FIELD] }), { status: 401 });
  const saved = await saveTwoFactorPolicy({ actor, ...submission.value });
  if (!saved.ok) return data(submission.reply({ formErrors: [saved.message] }), { status: 409 });
  const roles = submission.value.roles.map((role) => ROLE_LABELS[role]).join(", ");
  return redirectWithToast("/admin/users", roles ? `Two-factor sign-in is now required for: ${roles}.` : "Two-factor sign-in is now required for no role.");
}

export default function UsersPage() {
  const { rows, total, branches, query, policy } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const chosen = (lastResult?.initialValue?.roles as string[] | string | undefined) ?? policy.roles;
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
      <section className="panel narrow" aria-labelledby="policy-title">
        <h2 id="policy-title">Two-factor sign-in</h2>
        <Form method="post" key={policy.version}>
          <FormErrors id="policy-errors" errors={lastResult?.error?.[""] ?? lastResult?.error?.roles ?? undefined} />
          <input type="hidden" name="version" value={policy.version} />
          <fieldset>
            <legend>Roles that must use it</legend>
            {ROLES.map((role) => (
              <label key={role} className="checkbox">
                <input type="checkbox" name="roles" value={role} defaultChecked={[chosen].flat().includes(role)} /> {ROLE_LABELS[role]}
              </label>
            ))}
          </fieldset>
          <p className="hint">Their users set it up at their next sign-in and can do nothing else until they have. Anyone else may set it up under Your account.</p>
          <StepUpCode formId="policy" errors={lastResult?.error?.oneTimeCode} />
          <SubmitButton className="button">
            Save
          </SubmitButton>
        </Form>
      </section>
    </>
  );
}
