// P3009: a failed migration blocks every deploy. Quotes Prisma's message, names the migration, and says
// what the supported fix is (resolve, not editing _prisma_migrations by hand).
import Link from "next/link";
import type { ReactNode } from "react";
import { paths } from "@/lib/client/paths";
import { Banner } from "./banner";
import { linkClass } from "./ui";

interface BlockedBannerProps {
  environmentId: string;
  environmentName: string;
  blockedMessage: string | null;
  failedMigrations: string[];
  /** Controls for one failed migration (e.g. "Mark rolled back…", "Mark applied…"), shown next to its name. */
  renderActions?: (migrationName: string) => ReactNode;
}

export function BlockedBanner({
  environmentId,
  environmentName,
  blockedMessage,
  failedMigrations,
  renderActions,
}: BlockedBannerProps) {
  return (
    <Banner
      tone="danger"
      testId="blocked-banner"
      title={`Deploys to ${environmentName} are blocked (Prisma error P3009)`}
    >
      {renderActions ? (
        <div className="space-y-2">
          <p>{failedMigrations.length === 1 ? "Failed migration:" : "Failed migrations:"}</p>
          <ul className="space-y-2">
            {failedMigrations.map((name) => (
              <li
                key={name}
                data-testid={`blocked-migration-${name}`}
                className="flex flex-wrap items-center gap-x-3 gap-y-2"
              >
                <Link href={paths.migration(environmentId, name)} className={`${linkClass} font-mono break-all`}>
                  {name}
                </Link>
                {renderActions(name)}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p>
          {failedMigrations.length === 1 ? "Failed migration: " : "Failed migrations: "}
          {failedMigrations.map((name, index) => (
            <span key={name}>
              {index > 0 ? ", " : null}
              <Link href={paths.migration(environmentId, name)} className={`${linkClass} font-mono break-all`}>
                {name}
              </Link>
            </span>
          ))}
        </p>
      )}
      {blockedMessage ? (
        <blockquote className="border-l-4 border-red-300 pl-3 dark:border-red-800">
          <pre className="whitespace-pre-wrap break-words font-mono text-xs">{blockedMessage}</pre>
        </blockquote>
      ) : null}
      <p>
        <code className="font-mono text-xs">migrate deploy</code> refuses to run anything until the failed attempt is
        resolved. Read the stored error, fix the cause (make the migration re-runnable or repair the data), mark it
        rolled back with <code className="font-mono text-xs">prisma migrate resolve --rolled-back</code>, then deploy
        again. Do not edit <code className="font-mono text-xs">_prisma_migrations</code> by hand.
      </p>
    </Banner>
  );
}
