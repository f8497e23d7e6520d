// A block-level notice. Danger banners are alerts (announced by screen readers); the rest are plain regions.
import type { ReactNode } from "react";

export type BannerTone = "danger" | "warning" | "info" | "success";

const TONES: Record<BannerTone, { icon: string; className: string }> = {
  danger: {
    icon: "✕",
    className: "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100",
  },
  warning: {
    icon: "⚠",
    className:
      "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100",
  },
  info: {
    icon: "ℹ",
    className: "border-sky-300 bg-sky-50 text-sky-950 dark:border-sky-800 dark:bg-sky-950/40 dark:text-sky-100",
  },
  success: {
    icon: "✓",
    className:
      "border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-100",
  },
};

interface BannerProps {
  tone: BannerTone;
  title: ReactNode;
  children?: ReactNode;
  testId?: string;
  className?: string;
}

export function Banner({ tone, title, children, testId, className = "" }: BannerProps) {
  const style = TONES[tone];
  return (
    <div
      role={tone === "danger" ? "alert" : undefined}
      data-testid={testId}
      className={`flex gap-3 rounded-lg border px-4 py-3 ${style.className} ${className}`}
    >
      <span aria-hidden="true" className="mt-0.5 text-base leading-5">
        {style.icon}
      </span>
      <div className="min-w-0 flex-1 space-y-2 text-sm">
        <p className="font-semibold">{title}</p>
        {children}
      </div>
    </div>
  );
}
