#!/usr/bin/env node
// `next start`, with one addition: each request runs with its TCP peer address in an AsyncLocalStorage that
// route handlers read (lib/server/client-address.ts). Next itself only passes `X-Forwarded-For`, which any
// client can send; the socket peer is what Runway records unless the peer is a configured trusted proxy.
// Usage: PORT=3000 [HOSTNAME=…] node scripts/serve.mjs
import { AsyncLocalStorage } from "node:async_hooks";
import http from "node:http";
import next from "next";
import { projectRoot } from "./lib/processes.mjs";

const PEER_STORAGE = Symbol.for("runway.socketPeer");
const storage = (globalThis[PEER_STORAGE] ??= new AsyncLocalStorage());

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME || undefined;
const app = next({ dev: false, dir: projectRoot, port, hostname });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  storage.run({ peer: req.socket.remoteAddress ?? null }, () => handle(req, res));
});
server.listen(port, hostname, () => console.log(`[runway] listening on ${hostname ?? "*"}:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
