"use client";
// Primary navigation; marks the current section with aria-current so it is announced, not only styled.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { focusRing } from "./ui";

export interface NavItem {
  href: string;
  label: string;
}

function isCurrent(pathname: string, href: string): boolean {
  if (href === "/") return pathname === "/" || pathname.startsWith("/environments");
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname() ?? "/";
  return (
    <ul className="flex items-center gap-1">
      {items.map((item) => {
        const current = isCurrent(pathname, item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={current ? "page" : undefined}
              className={`rounded-md px-3 py-1.5 text-sm font-medium ${focusRing} ${
                current ? "bg-subtle text-foreground" : "text-muted hover:bg-subtle hover:text-foreground"
              }`}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
