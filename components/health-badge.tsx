// One word for an environment's state, most urgent fact first (blocked beats pending, and so on).
import type { EnvironmentHealth } from "@/lib/environments/views";

const HEALTH_STYLES: Record<EnvironmentHealth, { icon: string; className: string }> = {
  up_to_date: {
    icon: "✓",
    className:
      "bg-emerald-50 text-emerald-900 ring-emerald-300 dark:bg-emerald-950/60 dark:text-emerald-200 dark:ring-emerald-800",
  },
  pending: {
    icon: "○",
    className: "bg-sky-50 text-sky-900 ring-sky-300 dark:bg-sky-950/60 dark:text-sky-200 dark:ring-sky-800",
  },
  blocked: {
    icon: "✕",
    className: "bg-red-600 text-white ring-red-700 dark:bg-red-600 dark:text-white dark:ring-red-400",
  },
  in_progress: {
    icon: "◔",
    className: "bg-blue-50 text-blue-900 ring-blue-300 dark:bg-blue-950/60 dark:text-blue-200 dark:ring-blue-800",
  },
  diverged: {
    icon: "≠",
    className:
      "bg-violet-50 text-violet-900 ring-violet-300 dark:bg-violet-950/60 dark:text-violet-200 dark:ring-violet-800",
  },
  drifted: {
    icon: "≈",
    className:
      "bg-amber-100 text-amber-950 ring-amber-400 dark:bg-amber-950/70 dark:text-amber-200 dark:ring-amber-700",
  },
  unreachable: {
    icon: "⚠",
    className:
      "bg-orange-100 text-orange-950 ring-orange-400 dark:bg-orange-950/70 dark:text-orange-200 dark:ring-orange-700",
  },
  not_managed: {
    icon: "–",
    className:
      "bg-slate-100 text-slate-800 ring-slate-300 dark:bg-slate-800/70 dark:text-slate-200 dark:ring-slate-600",
  },
};

export function describeHealth(health: EnvironmentHealth, pendingCount: number): string {
  switch (health) {
    case "up_to_date":
      return "Up to date";
    case "pending":
      return `${pendingCount} pending`;
    case "blocked":
      return "BLOCKED · P3009";
    case "in_progress":
      return "In progress";
    case "diverged":
      return "Diverged";
    case "drifted":
      return "Drifted";
    case "unreachable":
      return "Unreachable";
    case "not_managed":
      return "Not managed";
    default:
      return String(health);
  }
}

const HEALTH_HINTS: Record<EnvironmentHealth, string> = {
  up_to_date: "Every migration is applied.",
  pending: "Migrations are waiting for the next deploy.",
  blocked: "A failed migration blocks every new deploy (Prisma error P3009).",
  in_progress: "A deploy is applying migrations right now.",
  diverged: "The database history and the migrations source disagree (edited or missing migrations).",
  drifted:
    "The live schema differs from what its applied migrations create (schema drift): see the environment's Schema section.",
  unreachable: "Runway could not read this database.",
  not_managed: "The database has no _prisma_migrations table: Prisma Migrate has never run here.",
};

interface HealthBadgeProps {
  health: EnvironmentHealth;
  pendingCount: number;
  size?: "sm" | "md";
}

export function HealthBadge({ health, pendingCount, size = "md" }: HealthBadgeProps) {
  const style = HEALTH_STYLES[health] ?? HEALTH_STYLES.not_managed;
  const sizing = size === "sm" ? "px-2 py-0.5 text-xs" : "px-2.5 py-1 text-sm";
  return (
    <span
      data-testid="health-badge"
      data-health={health}
      title={HEALTH_HINTS[health]}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full font-semibold ring-1 ring-inset ${sizing} ${style.className}`}
    >
      <span aria-hidden="true">{style.icon}</span>
      {describeHealth(health, pendingCount)}
    </span>
  );
}
