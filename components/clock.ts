"use client";
// One shared clock for every time on screen: "12 seconds ago" stays fresh, and "today" (which decides whether a
// time shows its date) turns over at midnight. Server renders (and the first client render, for hydration) get
// null: they cannot know the reader's clock.
import { useSyncExternalStore } from "react";

const TICK_MS = 5_000;
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((notify) => notify());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const readNow = () => now;
/** The start of the reader's day: the same number all day, so components reading it re-render only at midnight. */
const readToday = () => new Date(now).setHours(0, 0, 0, 0);
const readOnServer = () => null;

/** Now, every 5 s (null while server-rendering). */
export function useNow(): number | null {
  return useSyncExternalStore(subscribe, readNow, readOnServer);
}

/** Any instant of the reader's today (null while server-rendering): enough to tell today's times from others. */
export function useToday(): number | null {
  return useSyncExternalStore(subscribe, readToday, readOnServer);
}
