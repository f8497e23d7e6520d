"use client";
// The body of every error.tsx: what failed, what to try next, and the digest to find it in the server logs.
import Link from "next/link";
import { useEffect, type ReactNode } from "react";
import { Banner } from "./banner";
import { buttonClass } from "./ui";

export interface RouteErrorProps {
  error: unknown;
  /** Next 16: re-fetch and re-render the segment. */
  retry?: () => void;
  /** Older name (clears the boundary without re-fetching); used only if retry is absent. */
  reset?: () => void;
}

interface RouteErrorViewProps extends RouteErrorProps {
  title: string;
  advice: ReactNode;
  backHref?: string;
  backLabel?: string;
}

function readDigest(error: unknown): string | null {
  if (error && typeof error === "object" && "digest" in error && typeof error.digest === "string") return error.digest;
  return null;
}

export function RouteErrorView({
  error,
  retry,
  reset,
  title,
  advice,
  backHref = "/",
  backLabel = "Go to the overview",
}: RouteErrorViewProps) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = readDigest(error);
  const tryAgain = retry ?? reset;
  return (
    <div className="mx-auto max-w-2xl py-8">
      <Banner tone="danger" title={title}>
        <div>{advice}</div>
        {digest ? (
          <p className="text-xs">
            Reference for the server logs: <code className="font-mono">{digest}</code>
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2 pt-1">
          {tryAgain ? (
            <button type="button" onClick={() => tryAgain()} className={buttonClass("primary", "sm")}>
              Try again
            </button>
          ) : null}
          <Link href={backHref} className={buttonClass("secondary", "sm")}>
            {backLabel}
          </Link>
        </div>
      </Banner>
    </div>
  );
}
