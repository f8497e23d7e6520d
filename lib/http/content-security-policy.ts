// The Content-Security-Policy of Runway's pages: scripts only from our origin or carrying this response's nonce
// (no 'unsafe-inline'); 'strict-dynamic' lets those scripts load the chunks they need. Styles keep
// 'unsafe-inline' (React and Tailwind set style attributes; style injection cannot run code).
// form-action is left out on purpose: Chrome applies it to the redirect after a sign-in form POST, which would
// block OAuth providers.

export function buildContentSecurityPolicy(nonce: string | null, options: { dev?: boolean } = {}): string {
  const scripts = nonce ? `'self' 'nonce-${nonce}' 'strict-dynamic'` : "'self'";
  return [
    "default-src 'self'",
    `script-src ${scripts}${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh, unguessable nonce per response (128 bits, base64). */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
