import type { VehicleStatus } from "@db/schema/stock";
import { formatPounds } from "~/utils/money";
import { STATUS_LABELS } from "./labels";

/**
 * The stock rules that need no database: the status machine and the checks on a reservation, a
 * release, a sale and a delivery. status.server.ts and transfers.server.ts apply them to the locked bike.
 */

/** How far ahead a reservation may run: `RESERVATION_MAX_DAYS` (default 30). */
export function reservationMaxDays() {
  const days = Number(process.env.RESERVATION_MAX_DAYS);
  return Number.isInteger(days) && days >= 1 && days <= 365 ? days : 30;
}

/** Why a reservation can't run until `expiresAt` (from `now`), or null. */
export function expiryProblem(expiresAt: Date, now = new Date()) {
  if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= now.getTime()) return "The expiry must be in the future.";
  const maxDays = reservationMaxDays();
  if (expiresAt.getTime() > now.getTime() + maxDays * 86_400_000) return `A reservation can run for at most ${maxDays} days: choose an earlier expiry.`;
  return null;
}

/** The status machine: which moves each status allows. Everything else is refused. */
const MOVES: Record<VehicleStatus, VehicleStatus[]> = {
  in_stock: ["reserved", "sold", "in_transit"],
  reserved: ["in_stock", "sold"],
  in_transit: ["in_stock"],
  sold: ["delivered"],
  delivered: [],
};

/** Why a bike that is `from` can't become `to`, or null when the move is allowed. */
export function moveProblem(from: VehicleStatus, to: VehicleStatus) {
  if (MOVES[from].includes(to)) return null;
  return `A bike that is ${STATUS_LABELS[from].toLowerCase()} can't become ${STATUS_LABELS[to].toLowerCase()}.`;
}

/** A deposit of at most the bike's price. */
export function depositProblem(depositPence: number, retailPricePence: number) {
  return depositPence > retailPricePence ? `The deposit can't be more than the bike's price of ${formatPounds(retailPricePence)}.` : null;
}

/** A refund (when one is given) of at most the deposit taken. */
export function refundProblem(refundPence: number | null, depositPence: number) {
  // Stryker disable next-line ConditionalExpression: without the null check, null > a deposit (0 or more) is false too; it is there for the type
  return refundPence !== null && refundPence > depositPence ? `The refund can't be more than the deposit of ${formatPounds(depositPence)}.` : null;
}

/** A sale on or after the day the bike came into stock (ISO dates compare as text). */
export function saleDateProblem(soldOn: string, inStockOn: string) {
  return soldOn < inStockOn ? `The sale date can't be before the bike came into stock (${inStockOn}).` : null;
}

/** A delivery on or after the sale. */
export function deliveryDateProblem(deliveredOn: string, soldOn: string | null) {
  return soldOn && deliveredOn < soldOn ? `Delivery can't be before the sale (${soldOn}).` : null;
}
