// Protected environments (usually prod) get extra guards on actions; say so wherever they appear.
import { LockIcon } from "./lock-icon";

export function ProtectedMarker({ compact = false }: { compact?: boolean }) {
  return (
    <span
      title="Protected environment: actions need extra confirmation"
      className="inline-flex items-center gap-1 rounded border border-amber-400 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:border-amber-700 dark:text-amber-200"
    >
      <LockIcon />
      {compact ? <span className="sr-only">Protected</span> : "Protected"}
    </span>
  );
}
