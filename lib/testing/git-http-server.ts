// A real git server over smart HTTP for tests and benchmarks: Node's HTTP server running `git http-backend` (git's
// own CGI program) for each request, optionally behind HTTP basic auth, so a test proves its credentials are sent.
import { spawn } from "node:child_process";
import http from "node:http";
import type net from "node:net";

export interface GitHttpServer {
  port: number;
  /** The URL of the repository `name` inside the served folder. */
  url(name: string): string;
  /** Every request: its method, path and whether it carried the right credentials. */
  requests: Array<{ method: string; path: string; authorized: boolean }>;
  /** Changes the password the server requires from now on (a token revoked, say). */
  setPassword(password: string): void;
  close(): Promise<void>;
}

export async function startGitHttpServer(
  root: string,
  options: { username?: string; password?: string } = {},
): Promise<GitHttpServer> {
  const requests: GitHttpServer["requests"] = [];
  const basic = (password: string) =>
    `Basic ${Buffer.from(`${options.username ?? ""}:${password}`).toString("base64")}`;
  let expected = options.password !== undefined ? basic(options.password) : null;
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const authorized = expected === null || req.headers.authorization === expected;
    requests.push({ method: req.method ?? "GET", path: url.pathname, authorized });
    if (!authorized) {
      req.resume();
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="git"', "Content-Type": "text/plain" });
      res.end("Authentication required\n");
      return;
    }
    const cgi: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: "1",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      REQUEST_METHOD: req.method ?? "GET",
      CONTENT_TYPE: req.headers["content-type"] ?? "",
      ...(req.headers["content-length"] ? { CONTENT_LENGTH: req.headers["content-length"] } : {}),
      ...(req.headers["content-encoding"] ? { HTTP_CONTENT_ENCODING: req.headers["content-encoding"] } : {}),
      ...(req.headers["git-protocol"] ? { GIT_PROTOCOL: String(req.headers["git-protocol"]) } : {}),
      REMOTE_USER: options.username ?? "",
      REMOTE_ADDR: "127.0.0.1",
    };
    const child = spawn("git", ["http-backend"], {
      env: cgi as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "ignore"],
    });
    req.pipe(child.stdin);
    child.stdin.on("error", () => {});
    let head = Buffer.alloc(0);
    let headersSent = false;
    child.stdout.on("data", (chunk: Buffer) => {
      if (headersSent) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end === -1) return;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString("latin1").split("\r\n")) {
        const colon = line.indexOf(":");
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      headersSent = true;
      res.write(head.subarray(end + 4));
    });
    child.on("close", () => {
      if (!headersSent) res.writeHead(502);
      res.end();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    requests,
    setPassword: (password) => void (expected = basic(password)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
