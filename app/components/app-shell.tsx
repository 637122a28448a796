import { Form, NavLink } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { can, ROLE_LABELS, seesAllBranches, type Action, type SessionUser } from "~/modules/auth/permissions";
import { SubmitButton } from "~/components/submit-button";

interface NavItem {
  to: string;
  label: string;
  action: Action;
}

// Only pages that exist are listed; each is shown to those who may open it.
const NAV_ITEMS: NavItem[] = [
  { to: "/", label: "Dashboard", action: "dashboard:view" },
  { to: "/stock", label: "Stock", action: "stock:view" },
  { to: "/customers", label: "Customers", action: "customers:view" },
  { to: "/finance", label: "Finance", action: "finance:view" },
  { to: "/lenders", label: "Lenders", action: "lenders:view" },
  { to: "/offers", label: "Offers", action: "offers:view" },
  { to: "/complaints", label: "Complaints", action: "complaints:view" },
  { to: "/compliance/reviews", label: "File reviews", action: "reviews:manage" },
  { to: "/compliance/breaches", label: "Breach log", action: "breaches:manage" },
  { to: "/compliance/export", label: "Oversight export", action: "oversight:export" },
  { to: "/compliance/approvals", label: "Approvals", action: "promotions:approve" },
  { to: "/admin/users", label: "Users", action: "users:manage" },
  { to: "/admin/branches", label: "Branches", action: "branches:manage" },
  { to: "/admin/audit", label: "Audit log", action: "audit:view" },
  { to: "/admin/retention", label: "Retention", action: "privacy:manage" },
];

export function AppShell(props: { user: SessionUser; branchNames: string[]; toast: string | null; children: ReactNode }) {
  const { user, branchNames, toast } = props;
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand">
          Laguna Admin
        </NavLink>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <nav id="main-nav" aria-label="Main" className={menuOpen ? "nav open" : "nav"}>
          <ul>
            {NAV_ITEMS.filter((item) => can(user, item.action)).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/"} onClick={() => setMenuOpen(false)}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="whoami">
          <NavLink to="/account" className="whoami-name" title="Your account">
            {user.name}
          </NavLink>
          <span className="whoami-detail">
            {ROLE_LABELS[user.role]}
            {seesAllBranches(user) ? " · all branches" : branchNames.length ? ` · ${branchNames.join(", ")}` : " · no branch"}
          </span>
          <Form method="post" action="/logout">
            <SubmitButton className="button-link" pendingLabel="Signing out…">
              Sign out
            </SubmitButton>
          </Form>
        </div>
      </header>
      {toast ? <Toast key={toast} message={toast} /> : null}
      <main id="main" className="content">
        {props.children}
      </main>
    </div>
  );
}

function Toast({ message }: { message: string }) {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const timer = setTimeout(() => setVisible(false), 6000);
    return () => clearTimeout(timer);
  }, []);
  if (!visible) return null;
  return (
    <div className="toast" role="status">
      {message}
      <button type="button" className="button-link" onClick={() => setVisible(false)} aria-label="Dismiss message">
        ×
      </button>
    </div>
  );
}
