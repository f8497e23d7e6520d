"use client";
// Client-side context for the whole app: one QueryClient per browser session (created once in state, so it
// survives re-renders but is never shared between users on the server) and next-auth's session context.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { SessionProvider } from "next-auth/react";
import { useState, type ReactNode } from "react";
import { ApiError } from "@/lib/client/fetch-json";

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Polling screens set their own interval; this just avoids refetching on every mount.
        staleTime: 5_000,
        // 4xx answers (signed out, forbidden, not found, invalid) will not change by asking again.
        retry: (failureCount, error) =>
          error instanceof ApiError && error.status >= 400 && error.status < 500 ? false : failureCount < 2,
      },
      mutations: { retry: false },
    },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <SessionProvider refetchOnWindowFocus={false}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </SessionProvider>
  );
}
