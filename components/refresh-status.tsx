"use client";
// "Last checked 8 seconds ago" plus a manual refresh; polling happens in the hooks, this only shows it.
import { RelativeTime } from "./relative-time";
import { buttonClass } from "./ui";

interface RefreshStatusProps {
  checkedAt: string | null | undefined;
  isRefreshing: boolean;
  onRefresh: () => void;
  label?: string;
}

export function RefreshStatus({ checkedAt, isRefreshing, onRefresh, label = "Last checked" }: RefreshStatusProps) {
  return (
    <div className="flex items-center gap-3 text-sm text-muted">
      <span>
        {label} <RelativeTime iso={checkedAt} fallback="never" className="text-foreground" />
      </span>
      <button type="button" onClick={onRefresh} disabled={isRefreshing} className={buttonClass("secondary", "sm")}>
        <span aria-hidden="true" className={isRefreshing ? "inline-block animate-spin" : "inline-block"}>
          ↻
        </span>
        {isRefreshing ? "Refreshing…" : "Refresh"}
      </button>
    </div>
  );
}
