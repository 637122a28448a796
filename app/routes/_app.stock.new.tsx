import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { canSeeCost } from "~/modules/auth/permissions";
import { VehicleFieldsSchema } from "~/modules/stock/stock.schema";
import { vehicleFormOptions } from "~/modules/stock/vehicle-detail.server";
import { VehicleForm } from "~/modules/stock/vehicle-form";
import { createVehicle } from "~/modules/stock/vehicles.server";
import { londonToday } from "~/utils/dates";
import { errorsFor } from "~/utils/form-reply";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { submissionOf } from "~/utils/submission.server";

export const meta: MetaFunction = () => [{ title: "Add a bike · Laguna Admin" }];

export const access = { loader: "stock:edit", action: "stock:edit" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const options = await vehicleFormOptions(user);
  // Cost is entered only where the user may see it: admins, and managers for their branches.
  return { ...options, showCost: canSeeCost(user), today: londonToday() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAccess({ request, context }, access.action);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: VehicleFieldsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createVehicle({ actor: user, fields: submission.value, once: submissionOf(user, formData) });
  if (!result.ok) return data(submission.reply(errorsFor(result)), { status: result.status ?? 400 });
  const note = result.warnings.length ? ` ${result.warnings.join(" ")}` : "";
  return redirectWithToast(`/stock/${result.id}`, `Added ${result.stockNumber} to stock.${note}`);
}

export default function NewVehiclePage() {
  const { branches, models, showCost, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>Add a bike to stock</h1>
      <section className="panel">
        {models.length === 0 ? (
          <p className="empty">The catalogue has no models yet. Add the model first under Catalogue.</p>
        ) : (
          <VehicleForm
            mode="create"
            branches={branches}
            models={models}
            showCost={showCost}
            lastResult={lastResult}
            defaultValue={{ inStockOn: today, mileage: "0", branchId: branches.length === 1 ? branches[0]!.id : undefined }}
            cancelTo="/stock"
          />
        )}
      </section>
    </>
  );
}
