import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { requireAccess, requireIntent } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { AppliedOffersPanel } from "~/modules/offers/applied-offers-panel";
import { appliedOffers, applyOfferToReservation, offerChoices, removeOfferFromReservation } from "~/modules/offers/offer-attach.server";
import { can } from "~/modules/auth/permissions";
import { ageingLabel, STATUS_BADGE, STATUS_LABELS } from "~/modules/stock/labels";
import { DeliverSchema, ReleaseSchema, ReserveSchema, SellSchema, SendTransferSchema, TransferActionSchema } from "~/modules/stock/stock.schema";
import { deliverVehicle, releaseReservation, reserveVehicle, sellVehicle } from "~/modules/stock/status.server";
import { cancelTransfer, receiveTransfer, sendTransfer } from "~/modules/stock/transfers.server";
import { VehicleActions } from "~/modules/stock/vehicle-actions";
import { getVehicleDetail, vehicleFormOptions } from "~/modules/stock/vehicle-detail.server";
import { VehicleFacts, VehicleHistory } from "~/modules/stock/vehicle-facts";
import { fromLondonLocal, londonToday, toLondonLocal } from "~/utils/dates";
import { refusalOf } from "~/utils/form-reply";
import { notFound } from "~/utils/http.server";
import { uuidParam } from "~/utils/params.server";
import type { Result } from "~/utils/result.server";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { submissionOf } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.vehicle.stockNumber ?? "Bike"} · Laguna Admin` }];

export const access = {
  loader: "stock:view",
  // Branch-level checks are made again in the domain functions, against the locked row.
  intents: {
    reserve: "stock:reserve",
    release: "stock:reserve",
    "apply-offer": "stock:reserve",
    "remove-offer": "stock:reserve",
    sell: "stock:edit",
    deliver: "stock:edit",
    "send-transfer": "stock:transfer",
    "receive-transfer": "stock:transfer",
    "cancel-transfer": "stock:transfer",
  },
} as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const detail = await getVehicleDetail(user, params.id ?? "");
  if (!detail) notFound("That bike doesn't exist. Search the stock list for it.");
  const branchId = detail.vehicle.branchId;
  const { allBranches } = await vehicleFormOptions(user);
  const reservation = detail.activeReservation?.reservation;
  const applied = reservation ? await appliedOffers({ reservationId: reservation.id }) : [];
  const offers = reservation
    ? { applied, choices: await offerChoices({ brand: detail.model.make, modelId: detail.model.id, branchId }, applied), reservationVersion: reservation.version }
    : null;
  return {
    ...detail,
    offers,
    today: londonToday(),
    defaultExpiry: toLondonLocal(new Date(Date.now() + 72 * 3600_000)),
    branchesToSendTo: allBranches.filter((b) => b.id !== branchId),
    allowed: {
      edit: can(user, "stock:edit", branchId),
      reserve: can(user, "stock:reserve", branchId),
      transfer: can(user, "stock:transfer", branchId),
      receive: detail.openTransfer ? can(user, "stock:transfer", detail.openTransfer.transfer.toBranchId) : false,
    },
  };
}

const SCHEMAS = {
  reserve: ReserveSchema,
  release: ReleaseSchema,
  sell: SellSchema,
  deliver: DeliverSchema,
  "send-transfer": SendTransferSchema,
  "receive-transfer": TransferActionSchema,
  "cancel-transfer": TransferActionSchema,
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor, intent, formData } = await requireIntent({ request, context }, access.intents, readForm);
  if (intent === "apply-offer") {
    const result = await applyOfferToReservation({ actor, vehicleId: uuidParam(params), offerId: String(formData.get("offerId") ?? ""), once: submissionOf(actor, formData) });
    if (!result.ok) return data({ intent: "apply-offer", result: null, conflict: undefined, offerError: result.message }, { status: result.status ?? 400 });
    return redirectWithToast(`/stock/${params.id}`, "Offer applied to the reservation.");
  }
  if (intent === "remove-offer") {
    const result = await removeOfferFromReservation({
      actor,
      vehicleId: uuidParam(params),
      offerId: String(formData.get("offerId") ?? ""),
      reservationVersion: Number(formData.get("reservationVersion")),
      once: submissionOf(actor, formData),
    });
    if (!result.ok) return data({ intent: "remove-offer", result: null, conflict: undefined, offerError: result.message }, { status: result.status ?? 400 });
    return redirectWithToast(`/stock/${params.id}`, "Offer removed from the reservation.");
  }
  const submission = parseWithZod(formData, { schema: SCHEMAS[intent] });
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });

  const id = uuidParam(params);
  const value = submission.value;
  const once = submissionOf(actor, formData);
  let result: Result;
  let done: string;
  switch (value.intent) {
    case "reserve":
      result = await reserveVehicle({ actor, id, ...value, expiresAt: fromLondonLocal(value.expiresAt), once });
      done = `Reserved for ${value.customerName}.`;
      break;
    case "release":
      result = await releaseReservation({ actor, id, ...value, once });
      done = "Reservation released; the bike is back in stock.";
      break;
    case "sell":
      result = await sellVehicle({ actor, id, ...value, once });
      done = `Sold to ${value.customerName}.`;
      break;
    case "deliver":
      result = await deliverVehicle({ actor, id, ...value, once });
      done = "Marked as delivered.";
      break;
    case "send-transfer":
      result = await sendTransfer({ actor, id, ...value, once });
      done = "Transfer sent: the bike is in transit.";
      break;
    case "receive-transfer":
      result = await receiveTransfer({ actor, id, version: value.version });
      done = "Transfer received: the bike is in stock here.";
      break;
    case "cancel-transfer":
      result = await cancelTransfer({ actor, id, version: value.version });
      done = "Transfer cancelled: the bike is back in stock at the sending branch.";
      break;
  }
  if (!result.ok) {
    return data({ intent, ...refusalOf(submission, result) }, { status: result.status ?? 400 });
  }
  return redirectWithToast(`/stock/${id}`, done);
}

// After a conflict (someone else got there first) reload the bike, so the page shows what is true now.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

export default function VehiclePage() {
  const detail = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { vehicle, model, branch } = detail;
  return (
    <>
      <p>
        <Link to="/stock">← Stock</Link>
      </p>
      <div className="page-header">
        <h1>
          {vehicle.stockNumber} · {model.label}
        </h1>
        <span className={STATUS_BADGE[vehicle.status]}>{STATUS_LABELS[vehicle.status]}</span>
      </div>
      <p className="muted">
        {branch.name} · {detail.daysInStock} days in stock ({ageingLabel(detail.bucket)})
        {detail.allowed.edit && vehicle.status !== "sold" && vehicle.status !== "delivered" ? (
          <>
            {" · "}
            <Link to={`/stock/${vehicle.id}/edit`}>Edit details</Link>
          </>
        ) : null}
      </p>
      <div className="two-columns">
        <VehicleFacts detail={detail} />
        <VehicleActions detail={detail} actionData={actionData} />
      </div>
      {detail.offers ? (
        <AppliedOffersPanel
          data={detail.offers}
          canApply={detail.allowed.reserve}
          version={{ name: "reservationVersion", value: detail.offers.reservationVersion }}
          error={actionData && "offerError" in actionData ? actionData.offerError : undefined}
        />
      ) : null}
      <VehicleHistory detail={detail} />
    </>
  );
}
