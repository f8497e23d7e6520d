"use client";
// "Copy SQL": copies the re-runnable script and says so (politely, to screen readers too).
import { useEffect, useState } from "react";
import { buttonClass } from "../ui";

export function CopySqlButton({ sql, testId }: { sql: string; testId?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(sql);
      setState("copied");
    } catch {
      setState("failed");
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" data-testid={testId} className={buttonClass("secondary", "sm")} onClick={() => void copy()}>
        Copy SQL<span className="sr-only"> (the re-runnable migration.sql)</span>
      </button>
      <span role="status" aria-live="polite" className="text-xs text-muted">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: download the patch instead" : ""}
      </span>
    </span>
  );
}
