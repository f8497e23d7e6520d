import type { Metadata, Viewport } from "next";
import { unstable_rethrow } from "next/navigation";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { getOptionalPageUser } from "@/lib/server/page-auth";
import { Providers } from "./providers";
import type { SessionUserView } from "@/lib/environments/views";
import "./globals.css";

// Every page depends on the signed-in user; never prerender one at build time (there is no session, nor config).
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Runway", template: "%s · Runway" },
  description: "Prisma migration state across every environment of an app",
  icons: { icon: "/favicon.svg" },
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f6f7f9" },
    { media: "(prefers-color-scheme: dark)", color: "#0b0d11" },
  ],
};

/**
 * The header's user. A failure here (e.g. Runway's own database is down) must not take out the whole document:
 * the header renders signed-out and the page's own auth check fails inside app/error.tsx, which can explain it.
 * Next's control-flow errors (redirects, dynamic-rendering bailouts) are rethrown untouched.
 */
async function readHeaderUser(): Promise<SessionUserView | null> {
  try {
    return await getOptionalPageUser();
  } catch (error) {
    unstable_rethrow(error);
    console.error("Runway: could not read the session for the header", error);
    return null;
  }
}

// System font stack (globals.css) instead of next/font/google: nothing is fetched over the network.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await readHeaderUser();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-surface focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:shadow-lg"
        >
          Skip to content
        </a>
        <Providers>
          <SiteHeader user={user} />
          <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 focus:outline-none sm:px-6 sm:py-8">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
