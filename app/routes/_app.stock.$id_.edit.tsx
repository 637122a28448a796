import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { can } from "~/modules/auth/permissions";
import { VehicleUpdateSchema } from "~/modules/stock/stock.schema";
import { getVehicleDetail, vehicleFormOptions } from "~/modules/stock/vehicle-detail.server";
import { VehicleForm } from "~/modules/stock/vehicle-form";
import { updateVehicle } from "~/modules/stock/vehicles.server";
import { errorsFor } from "~/utils/form-reply";
import { forbidden, notFound } from "~/utils/http.server";
import { uuidParam } from "~/utils/params.server";
import { penceToInput } from "~/utils/money";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.vehicle.stockNumber ?? "bike"} · Laguna Admin` }];

export const access = { loader: "stock:edit", action: "stock:edit" } as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const detail = await getVehicleDetail(user, params.id ?? "");
  if (!detail) notFound("That bike doesn't exist.");
  if (!can(user, access.loader, detail.vehicle.branchId)) forbidden("You can edit bikes only in your own branches.");
  const { models } = await vehicleFormOptions(user);
  return { vehicle: detail.vehicle, cost: detail.cost, branch: detail.branch, models };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireAccess({ request, context }, access.action);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: VehicleUpdateSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { version, ...fields } = submission.value;
  const result = await updateVehicle({ actor: user, id: uuidParam(params), version, fields });
  if (!result.ok) return data(submission.reply(errorsFor(result)), { status: result.status ?? 400 });
  const note = result.warnings.length ? ` ${result.warnings.join(" ")}` : "";
  return redirectWithToast(`/stock/${params.id}`, `Saved.${note}`);
}

export default function EditVehiclePage() {
  const { vehicle, cost, branch, models } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>
        Edit {vehicle.stockNumber} <span className="muted">at {branch.name}</span>
      </h1>
      <section className="panel">
        <VehicleForm
          key={vehicle.version}
          mode="update"
          branches={[]}
          models={models}
          showCost={Boolean(cost)}
          version={vehicle.version}
          lastResult={lastResult}
          defaultValue={{
            branchId: vehicle.branchId,
            modelId: vehicle.modelId,
            vin: vehicle.vin,
            registration: vehicle.registration ?? "",
            condition: vehicle.condition,
            mileage: String(vehicle.mileage),
            colour: vehicle.colour,
            retailPricePence: penceToInput(vehicle.retailPricePence),
            costPricePence: penceToInput(cost?.costPricePence),
            inStockOn: vehicle.inStockOn,
            previousKeepers: vehicle.previousKeepers === null ? "" : String(vehicle.previousKeepers),
            v5cHeld: vehicle.v5cHeld === null ? "" : vehicle.v5cHeld ? "yes" : "no",
            photos: vehicle.photos.join("\n"),
            notes: vehicle.notes,
          }}
          cancelTo={`/stock/${vehicle.id}`}
        />
      </section>
    </>
  );
}
