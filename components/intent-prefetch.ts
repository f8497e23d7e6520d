"use client";
// Long screens (the overview's matrix and cards) do not let their links prefetch as they scroll into view, Next's
// default: 20 columns of links per row made a request per link while scrolling. Links marked
// `data-intent-prefetch` are prefetched once the pointer rests on one (or the keyboard focus stays on it) for
// INTENT_DELAY_MS, and each address once: the requests follow what the person points at, not what scrolls by.
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, type SyntheticEvent } from "react";

export const INTENT_DELAY_MS = 150;

/** Event handlers for a container of links (they bubble): spread them on it. */
export function useIntentPrefetch() {
  const router = useRouter();
  const timer = useRef<number | null>(null);
  const prefetched = useRef(new Set<string>());
  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );
  return useMemo(() => {
    const cancel = () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = null;
    };
    const start = (event: SyntheticEvent) => {
      cancel();
      const link = (event.target as Element).closest?.("a[data-intent-prefetch]");
      const href = link?.getAttribute("href");
      if (!href || prefetched.current.has(href)) return;
      timer.current = window.setTimeout(() => {
        timer.current = null;
        prefetched.current.add(href);
        router.prefetch(href);
      }, INTENT_DELAY_MS);
    };
    return { onPointerOver: start, onFocus: start, onPointerLeave: cancel, onBlur: cancel };
  }, [router]);
}
