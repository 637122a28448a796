import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ScrollRegion } from "~/components/scroll-region";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAccess, shownUser } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { can, ROLE_LABELS, seesAllBranches } from "~/modules/auth/permissions";
import { branchesForDashboard } from "~/modules/branches/branches.server";
import { formatPercent } from "~/modules/finance/commission";
import { financeSummary, type FinanceSummary } from "~/modules/finance/finance-dashboard.server";
import { EXCEPTION_LABELS, FINANCE_EXCEPTIONS } from "~/modules/finance/finance-list.labels";
import { complaintsSummary, type ComplaintsSummary } from "~/modules/complaints/complaints-read.server";
import { offersSummary, type OffersSummary } from "~/modules/offers/offers-dashboard.server";
import { reviewActionsSummary } from "~/modules/reviews/reviews-read.server";
import { AGEING_BUCKETS, STATUS_LABELS, type AgeingBucket } from "~/modules/stock/labels";
import { StockCharts } from "~/modules/stock/stock-charts";
import { stockSummary, type BranchStock, type Figure, type UnsoldStatus } from "~/modules/stock/stock-dashboard.server";
import { formatDate } from "~/utils/dates";
import { formatPounds } from "~/utils/money";

export const meta: MetaFunction = () => [{ title: "Dashboard · Laguna Admin" }];

export const access = { loader: "dashboard:view" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  // Independent reads: on PostgreSQL they run side by side, on separate connections.
  const [branches, stock, finance, offers, complaints, reviewActions] = await Promise.all([
    branchesForDashboard(user),
    can(user, "stock:view") ? stockSummary(user) : null,
    can(user, "finance:view") ? financeSummary(user) : null,
    can(user, "offers:view") ? offersSummary(user) : null,
    can(user, "complaints:view") ? complaintsSummary(user) : null,
    can(user, "reviews:actions") ? reviewActionsSummary(user) : null,
  ]);
  return { user: shownUser(user), branches, stock, finance, offers, complaints, reviewActions };
}

const UNSOLD: UnsoldStatus[] = ["in_stock", "reserved", "in_transit"];
const units = new Intl.NumberFormat("en-GB");
// Wide enough for a figures table: two tiles side by side on a 768px tablet, one on a phone.
const STOCK_GRID = { gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 330px), 1fr))" };

export default function Dashboard() {
  const { user, branches, stock, finance, offers, complaints, reviewActions } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Welcome, {user.name.split(" ")[0]}</h1>
      <p className="muted">
        Signed in as {ROLE_LABELS[user.role]}
        {seesAllBranches(user) ? ": you see the whole group." : "."}
      </p>
      <section aria-labelledby="branches-title" className="tiles">
        <h2 id="branches-title">{seesAllBranches(user) ? "The group's branches" : "Your branches"}</h2>
        {branches.length === 0 ? (
          <p className="empty">
            You're not assigned to a branch yet. Ask an admin to add you to your branch.
          </p>
        ) : (
          <ul className="tile-grid" style={stock ? STOCK_GRID : undefined}>
            {branches.map((branch) => (
              <li key={branch.id} className="tile">
                <h3>{branch.name}</h3>
                <p className="muted">{branch.brands.length ? branch.brands.join(", ") : "Used bikes"}</p>
                {branch.phone ? <p>{branch.phone}</p> : null}
                {!branch.active ? <p className="badge warn">Inactive</p> : null}
                {stock ? <BranchStockTable name={branch.name} slug={branch.slug} stock={stock[branch.id]} /> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {stock && branches.some((branch) => stock[branch.id]?.total.units) ? (
        <section aria-labelledby="stock-charts-title" className="tiles">
          <h2 id="stock-charts-title">Stock age and value by branch</h2>
          <StockCharts
            rows={branches
              .filter((branch) => stock[branch.id]?.total.units)
              .map((branch) => ({
                name: branch.name,
                byAge: Object.fromEntries(AGEING_BUCKETS.map((bucket) => [bucket, stock[branch.id]!.byAge[bucket].units])) as Record<AgeingBucket, number>,
                valuePence: stock[branch.id]!.total.valuePence,
              }))}
          />
        </section>
      ) : null}
      {finance ? <FinanceSection finance={finance} wholeGroup={seesAllBranches(user)} /> : null}
      {complaints ? <ComplaintsSection complaints={complaints} /> : null}
      {reviewActions ? <ReviewActionsSection actions={reviewActions} /> : null}
      {offers ? <OffersSection offers={offers} wholeGroup={seesAllBranches(user)} /> : null}
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

/** Units and retail value of the branch's unsold stock, by status and by age; each figure opens the matching list. */
function BranchStockTable(props: { name: string; slug: string; stock: BranchStock | undefined }) {
  const { slug, stock } = props;
  const arriving = stock?.arriving.units ? (
    <p>
      <Link to={`/stock?${new URLSearchParams({ arriving: slug, status: "in_transit" })}`}>
        Arriving: <strong>{units.format(stock.arriving.units)}</strong> {stock.arriving.units === 1 ? "bike" : "bikes"} in transit to {props.name},{" "}
        {formatPounds(stock.arriving.valuePence, { whole: true })} retail
      </Link>
    </p>
  ) : (
    <p className="muted">Arriving: no bikes in transit to {props.name}.</p>
  );
  if (!stock || stock.total.units === 0) {
    return (
      <>
        <p className="muted">
          No unsold bikes. <Link to={`/stock?${new URLSearchParams({ branch: slug })}`}>Open the stock list</Link>
        </p>
        {arriving}
      </>
    );
  }
  const link = (filter: Record<string, string>) => `/stock?${new URLSearchParams({ branch: slug, ...filter })}`;
  const row = (label: string, figure: Figure, to: string) => (
    <tr key={label}>
      <th scope="row">{label}</th>
      <td className="num">
        <Link to={to} aria-label={`${units.format(figure.units)} bikes ${label.toLowerCase()} at ${props.name}`}>
          {units.format(figure.units)}
        </Link>
      </td>
      <td className="num">
        <Link to={to} aria-label={`${formatPounds(figure.valuePence, { whole: true })} retail, ${label.toLowerCase()} at ${props.name}`}>
          {formatPounds(figure.valuePence, { whole: true })}
        </Link>
      </td>
    </tr>
  );
  const agedMore = stock.byAge["90+"].units - stock.aged.length;
  return (
    <>
      <table className="data">
        <caption className="skip-link">Unsold stock at {props.name}</caption>
        <thead>
          <tr>
            <th scope="col">Unsold stock</th>
            <th scope="col" className="num">Units</th>
            <th scope="col" className="num">Retail value</th>
          </tr>
        </thead>
        <tbody>
          {UNSOLD.map((status) => row(status === "in_transit" ? "Sent, in transit" : STATUS_LABELS[status], stock.byStatus[status], link({ status })))}
        </tbody>
        <tbody>
          {AGEING_BUCKETS.map((bucket) => row(`${bucket} days`, stock.byAge[bucket], link({ age: bucket })))}
        </tbody>
        <tfoot>{row("Total", stock.total, link({}))}</tfoot>
      </table>
      {arriving}
      {stock.aged.length ? (
        <>
          <h4>In stock over 90 days</h4>
          <ul className="link-list">
            {stock.aged.map((bike) => (
              <li key={bike.id}>
                <Link to={`/stock/${bike.id}`}>{bike.stockNumber}</Link> {[bike.make, bike.model, bike.variant].filter(Boolean).join(" ")}:{" "}
                <strong>{bike.daysInStock} days</strong>, {formatPounds(bike.pricePence, { whole: bike.pricePence % 100 === 0 })}
              </li>
            ))}
          </ul>
          {agedMore > 0 ? <Link to={link({ age: "90+" })}>And {units.format(agedMore)} more over 90 days</Link> : null}
        </>
      ) : null}
    </>
  );
}

/** This month's finance in the user's branches: volumes, penetration, commission by lender, and exceptions to work through. */
function FinanceSection({ finance, wholeGroup }: { finance: FinanceSummary; wholeGroup: boolean }) {
  const money = (pence: number) => formatPounds(pence, { whole: true });
  return (
    <section aria-labelledby="finance-title" className="tiles">
      <h2 id="finance-title">Finance, {finance.monthLabel}</h2>
      <ul className="tile-grid">
        <li className="tile">
          <h3>Introductions</h3>
          <p className="price">
            <Link to={`/finance?${new URLSearchParams({ from: `${finance.month}-01`, sort: "created", dir: "desc" })}`}>{units.format(finance.introductions)}</Link>
          </p>
          <p className="muted">Made this month</p>
        </li>
        <li className="tile">
          <h3>Signed deals</h3>
          <p className="price">{units.format(finance.signed)}</p>
          <p className="muted">Signed this month</p>
        </li>
        <li className="tile">
          <h3>Finance penetration</h3>
          <p className="price">{finance.penetration === null ? "—" : formatPercent(finance.penetration)}</p>
          <p className="muted">
            {units.format(finance.signed)} signed of {units.format(finance.bikesSold)} bikes sold{wholeGroup ? "" : " in your branches"}
          </p>
        </li>
        <li className="tile">
          <h3>Exceptions</h3>
          <ul className="link-list">
            {FINANCE_EXCEPTIONS.map((exception) => (
              <li key={exception}>
                <Link to={`/finance?${new URLSearchParams({ exception })}`}>
                  {EXCEPTION_LABELS[exception]}: <strong>{units.format(finance.exceptions[exception])}</strong>
                </Link>
              </li>
            ))}
          </ul>
        </li>
      </ul>
      {finance.byLender.length ? (
        <ScrollRegion label="Commission by lender">
          <table className="data">
            <caption>Commission by lender, {finance.monthLabel}: confirmed on deals signed this month, paid this month</caption>
            <thead>
              <tr>
                <th scope="col">Lender</th>
                <th scope="col" className="num">Signed</th>
                <th scope="col" className="num">Confirmed</th>
                <th scope="col" className="num">Paid</th>
              </tr>
            </thead>
            <tbody>
              {finance.byLender.map((row) => (
                <tr key={row.lenderName}>
                  <th scope="row">{row.lenderName}</th>
                  <td className="num">{units.format(row.signed)}</td>
                  <td className="num">{money(row.confirmedPence)}</td>
                  <td className="num">{money(row.paidPence)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : (
        <p className="muted">No commission confirmed or paid this month.</p>
      )}
      <p>
        <Link to="/finance">Open the finance introductions</Link> · <Link to="/finance/report">Commission and APR report</Link>
      </p>
    </section>
  );
}

/** Live offers in the user's branches, and those ending within seven days, each linking to the offer. */
function OffersSection({ offers, wholeGroup }: { offers: OffersSummary; wholeGroup: boolean }) {
  return (
    <section aria-labelledby="offers-title" className="tiles">
      <h2 id="offers-title">Offers</h2>
      <ul className="tile-grid">
        <li className="tile">
          <h3>Live offers</h3>
          <p className="price">{units.format(offers.liveCount)}</p>
          <p className="muted">Running today{wholeGroup ? " across the group" : " in your branches"}</p>
        </li>
        <li className="tile">
          <h3>Ending within 7 days</h3>
          {offers.endingSoon.length === 0 ? (
            <p className="muted">No live offer ends by {formatDate(offers.endsBy)}.</p>
          ) : (
            <ul className="link-list">
              {offers.endingSoon.map((offer) => (
                <li key={offer.id}>
                  <Link to={`/offers/${offer.id}`}>{offer.title}</Link>: ends {formatDate(offer.validTo)}
                </li>
              ))}
            </ul>
          )}
          {offers.endingSoonCount > offers.endingSoon.length ? (
            <p className="muted">And {units.format(offers.endingSoonCount - offers.endingSoon.length)} more</p>
          ) : null}
        </li>
      </ul>
      <p>
        <Link to="/offers">Open the offers</Link> · <Link to="/site/offers">See the public offers page</Link>
      </p>
    </section>
  );
}

/** Complaints in the user's branches: open, past the eight weeks, and due within seven days; each opens the list. */
function ComplaintsSection({ complaints }: { complaints: ComplaintsSummary }) {
  const tile = (title: string, value: number, view: string, note: string, warn: boolean) => (
    <li className="tile">
      <h3>{title}</h3>
      <p className="price">
        <Link to={`/complaints?view=${view}`} className={warn && value > 0 ? "danger-text" : undefined}>
          {units.format(value)}
        </Link>
      </p>
      <p className="muted">{note}</p>
    </li>
  );
  return (
    <section aria-labelledby="complaints-title" className="tiles">
      <h2 id="complaints-title">Complaints</h2>
      <ul className="tile-grid">
        {tile("Open complaints", complaints.open, "open", "Not yet closed, those at the Ombudsman included", false)}
        {tile("Overdue", complaints.overdue, "overdue", "No final response within eight weeks of receipt", true)}
        {tile("Due within 7 days", complaints.dueSoon, "due-this-week", "Final response due in the next seven days", true)}
      </ul>
    </section>
  );
}

/** File-review actions the principal's reviewers raised for the user's branches: open, and past due. */
function ReviewActionsSection({ actions }: { actions: { open: number; overdue: number } }) {
  return (
    <section aria-labelledby="review-actions-title" className="tiles">
      <h2 id="review-actions-title">File-review actions</h2>
      <ul className="tile-grid">
        <li className="tile">
          <h3>Open actions</h3>
          <p className="price">
            <Link to="/compliance/reviews">{units.format(actions.open)}</Link>
          </p>
          <p className="muted">Raised by file reviews of your deals; close each with what was done</p>
        </li>
        <li className="tile">
          <h3>Past due</h3>
          <p className="price">
            <Link to="/compliance/reviews" className={actions.overdue > 0 ? "danger-text" : undefined}>
              {units.format(actions.overdue)}
            </Link>
          </p>
          <p className="muted">Open actions whose due day has passed</p>
        </li>
      </ul>
    </section>
  );
}
