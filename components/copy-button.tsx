"use client";
// Copies a value to the clipboard and says so (politely, to screen readers too). Falls back to a hidden textarea
// where the Clipboard API is unavailable (insecure origins, old browsers).
import { useEffect, useState } from "react";
import { buttonClass } from "./ui";

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy way
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

interface CopyButtonProps {
  value: string;
  /** What is copied, for the accessible name: "Copy the CLI command". */
  label: string;
  testId?: string;
}

export function CopyButton({ value, label, testId }: CopyButtonProps) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        data-testid={testId}
        className={buttonClass("secondary", "sm")}
        onClick={() => void copyText(value).then((ok) => setState(ok ? "copied" : "failed"))}
      >
        Copy<span className="sr-only"> {label}</span>
      </button>
      <span role="status" aria-live="polite" className="text-xs text-muted">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select the text instead" : ""}
      </span>
    </span>
  );
}
