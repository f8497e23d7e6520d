#!/usr/bin/env node
// `next start`, with two additions: each request runs with its TCP peer address in an AsyncLocalStorage that
// route handlers read (lib/server/client-address.ts) — Next itself only passes `X-Forwarded-For`, which any
// client can send; the socket peer is what Runway records unless the peer is a configured trusted proxy — and
// responses are compressed here, with brotli when the client accepts it and gzip otherwise (Next's own
// compression, off in next.config.js, offers gzip only). The overview of 20 environments × 1,000 migrations,
// 76 KiB of JSON, is sent as 7 KiB with gzip and 3 KiB with br.
// Usage: PORT=3000 [HOSTNAME=…] node scripts/serve.mjs
import { AsyncLocalStorage } from "node:async_hooks";
import http from "node:http";
import compression from "compression";
import next from "next";
import { projectRoot } from "./lib/processes.mjs";

const PEER_STORAGE = Symbol.for("runway.socketPeer");
const storage = (globalThis[PEER_STORAGE] ??= new AsyncLocalStorage());

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME || undefined;
const app = next({ dev: false, dir: projectRoot, port, hostname });
const handle = app.getRequestHandler();
await app.prepare();

// Brotli quality 4 (the package's default): about gzip's speed, smaller output. Streamed pages keep streaming: Next
// flushes the compressor after each chunk (res.flush).
const compress = compression();

const server = http.createServer((req, res) => {
  storage.run({ peer: req.socket.remoteAddress ?? null }, () => compress(req, res, () => handle(req, res)));
});
server.listen(port, hostname, () => console.log(`[runway] listening on ${hostname ?? "*"}:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
