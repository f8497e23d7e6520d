"use client";
// The header's count of requests waiting for the signed-in operator's approval, linking to the oldest one.
import Link from "next/link";
import { useWaitingRequests } from "@/lib/client/oncall-hooks";
import { paths } from "@/lib/client/paths";
import { focusRing } from "./ui";

export function WaitingBadge() {
  const waiting = useWaitingRequests(true).data;
  if (!waiting || waiting.count === 0) return null;
  const first = waiting.actions[0];
  return (
    <Link
      href={paths.action(first.id)}
      data-testid="waiting-badge"
      title={`${waiting.count} request(s) wait for your approval`}
      className={`inline-flex items-center gap-1.5 rounded-full bg-amber-100 px-2.5 py-1 text-xs font-semibold text-amber-950 ring-1 ring-amber-400 dark:bg-amber-950/70 dark:text-amber-200 ${focusRing}`}
    >
      <span aria-hidden="true">✋</span>
      <span>
        {waiting.count}
        <span className="sr-only"> request(s) waiting for your approval</span>
      </span>
    </Link>
  );
}
