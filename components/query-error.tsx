"use client";
// The inline error for a failed read: what went wrong and the next step (retry, or sign in again on 401).
import Link from "next/link";
import { ApiError, describeError } from "@/lib/client/fetch-json";
import { Banner } from "./banner";
import { buttonClass } from "./ui";

interface QueryErrorProps {
  error: unknown;
  /** What was being loaded, e.g. "the overview". */
  what: string;
  onRetry?: () => void;
  /** Where to go back to when the thing does not exist. */
  backHref?: string;
  backLabel?: string;
}

export function QueryError({ error, what, onRetry, backHref, backLabel = "Back to the overview" }: QueryErrorProps) {
  const status = error instanceof ApiError ? error.status : 0;
  // 400 here means the address itself is malformed (an id that is not an id): asking again will not help.
  const missing = status === 404 || status === 400;
  const forbidden = status === 403;
  const title =
    status === 401
      ? "Signed out"
      : forbidden
        ? `You are not allowed to see ${what}`
        : missing
          ? `Could not find ${what}`
          : `Could not load ${what}`;
  return (
    <Banner tone={missing || forbidden ? "warning" : "danger"} title={title}>
      <p>{status === 400 ? "This address is not valid. Check the link you followed." : describeError(error)}</p>
      <div className="flex flex-wrap gap-2">
        {status === 401 ? (
          // Reloading lets the page's own auth check send us to sign-in with the right callbackUrl.
          <button type="button" onClick={() => window.location.reload()} className={buttonClass("primary", "sm")}>
            Sign in again
          </button>
        ) : null}
        {onRetry && status !== 401 && !missing && !forbidden ? (
          <button type="button" onClick={onRetry} className={buttonClass("secondary", "sm")}>
            Try again
          </button>
        ) : null}
        {backHref && (missing || forbidden) ? (
          <Link href={backHref} className={buttonClass("secondary", "sm")}>
            {backLabel}
          </Link>
        ) : null}
      </div>
    </Banner>
  );
}
