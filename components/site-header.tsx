// The banner landmark: home link, navigation for the signed-in user's role, and who is signed in.
import Link from "next/link";
import { hasRole } from "@/lib/api/roles";
import type { SessionUserView } from "@/lib/environments/views";
import { NavLinks, type NavItem } from "./nav-links";
import { ROLE_WORDING } from "./screens/admin/roles";
import { SignOutButton } from "./sign-out-button";
import { WaitingBadge } from "./waiting-badge";
import { focusRing } from "./ui";

export function SiteHeader({ user }: { user: SessionUserView | null }) {
  const items: NavItem[] = user
    ? [
        { href: "/", label: "Overview" },
        { href: "/activity", label: "Activity" },
        ...(hasRole(user.role, "operator") ? [{ href: "/audit", label: "Audit" }] : []),
        ...(hasRole(user.role, "admin") ? [{ href: "/admin", label: "Admin" }] : []),
      ]
    : [];
  return (
    <header className="border-b border-border bg-surface">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link
          href="/"
          className={`flex items-center gap-2 rounded-md text-lg font-semibold tracking-tight ${focusRing}`}
        >
          <span aria-hidden="true" className="text-accent">
            ▲
          </span>
          Runway
        </Link>
        {items.length > 0 ? (
          <nav aria-label="Main" className="flex-1">
            <NavLinks items={items} />
          </nav>
        ) : (
          <div className="flex-1" />
        )}
        {user ? (
          <div className="flex items-center gap-3 text-sm">
            {user.role !== "viewer" ? <WaitingBadge /> : null}
            <span className="text-right leading-tight">
              <span className="block max-w-[16rem] truncate font-medium" title={user.email}>
                {user.email}
              </span>
              <span className="block text-xs text-muted">
                <span className="sr-only">Role: </span>
                {ROLE_WORDING[user.role].label ?? user.role}
              </span>
            </span>
            <SignOutButton />
          </div>
        ) : null}
      </div>
    </header>
  );
}
