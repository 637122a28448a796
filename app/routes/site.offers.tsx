import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { RouteAccess } from "~/modules/auth/route-access";
import { OfferCard } from "~/modules/offers/offer-card";
import { brokerStatus, groupByBrand, publicFilterOptions, publicOffers } from "~/modules/offers/public-offers.server";
import { londonToday } from "~/utils/dates";

// Public by design, no sign-in and no guard: published offers are advertised to everyone (DESIGN.md,
// Offers). It renders under root only, not the signed-in layout, and the loader sends nothing but
// live offers (filtered in SQL), the filter choices and the group's credit-broker wording.
export const access = { loader: "public" } as const satisfies RouteAccess;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const on = londonToday();
  const branch = url.searchParams.get("branch") || "";
  const brand = url.searchParams.get("brand") || "";
  const [offers, options, status] = await Promise.all([
    publicOffers({ branchSlug: branch || null, brand: brand || null, on }),
    publicFilterOptions(on),
    brokerStatus(),
  ]);
  return { groups: groupByBrand(offers), options, selected: { branch, brand }, brokerStatus: status };
}

// Offers change at most daily; a minute's caching keeps the page fast without showing a stale one long.
export const headers: HeadersFunction = () => ({ "Cache-Control": "public, max-age=60" });

export const meta: MetaFunction = () => [
  { title: "Motorcycle offers · Laguna Motorcycles" },
  {
    name: "description",
    content:
      "Current offers on new KTM, Triumph, Honda and Harley-Davidson motorcycles at Laguna Motorcycles' Kent dealerships, with finance examples.",
  },
];

export default function PublicOffers() {
  const { groups, options, selected, brokerStatus: status } = useLoaderData<typeof loader>();
  const filtered = Boolean(selected.branch || selected.brand);
  return (
    <div className="public-offers">
      <header className="public-header">
        <p className="public-brand">Laguna Motorcycles offers</p>
      </header>
      <main className="public-main">
        <h1>Motorcycle offers</h1>
        <Form method="get" className="public-filters" aria-label="Filter offers">
          <label>
            Branch
            <select name="branch" defaultValue={selected.branch}>
              <option value="">All branches</option>
              {options.branches.map((b) => (
                <option key={b.slug} value={b.slug}>{b.name}</option>
              ))}
            </select>
          </label>
          <label>
            Brand
            <select name="brand" defaultValue={selected.brand}>
              <option value="">All brands</option>
              {options.brands.map((brand) => (
                <option key={brand} value={brand}>{brand}</option>
              ))}
            </select>
          </label>
          <button type="submit" className="button primary">Show offers</button>
          {filtered ? <Link to="/site/offers">Clear</Link> : null}
        </Form>
        {groups.length === 0 ? (
          <p className="empty">
            {filtered ? "No offers match. Try all branches or all brands." : "There are no offers running today. Please call in or check back soon."}
          </p>
        ) : (
          groups.map((group) => (
            <section key={group.brand} aria-labelledby={`brand-${slugify(group.brand)}`}>
              <h2 id={`brand-${slugify(group.brand)}`}>{group.brand}</h2>
              <ul className="public-offer-list">
                {group.offers.map((offer) => (
                  <li key={offer.id}>
                    <OfferCard offer={offer} modelNames={offer.models} />
                    <p className="public-offer-where">At {offer.branches.map((b) => b.name).join(", ")}</p>
                  </li>
                ))}
              </ul>
            </section>
          ))
        )}
      </main>
      <footer className="public-footer">
        <h2>About our finance</h2>
        <p className="broker-status">{status}</p>
        <p className="muted">Finance is subject to status. Applicants must be 18 or over and UK residents. Offers may change or end without notice.</p>
      </footer>
    </div>
  );
}

const slugify = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-");
