// The ssh hop for tests, as git's own test suite fakes it: an `ssh` first on PATH that checks the deploy key it
// is given (content and 0600 mode), logs its options, then runs the remote command (git-upload-pack) locally. The
// rest is real: the system's git, the upload-pack, the pack, the key file Runway writes and removes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface FakeSsh {
  /** Every line the fake ssh logged: `opt -o HostName=…`, `host git@localhost`, `keymode 600`, `keyfile …`. */
  log(): string[];
  restore(): void;
}

export function installFakeSsh(acceptedKey: string): FakeSsh {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-fake-ssh-"));
  const logFile = path.join(dir, "ssh.log");
  const keyFile = path.join(dir, "accepted_key");
  fs.writeFileSync(keyFile, `${acceptedKey.trim()}\n`);
  fs.writeFileSync(logFile, "");
  fs.writeFileSync(
    path.join(dir, "ssh"),
    `#!/bin/sh
LOG='${logFile}'
key=""
host=""
while [ $# -gt 0 ]; do
  case "$1" in
    -i) key="$2"; echo "keyfile $2" >> "$LOG"; shift 2 ;;
    -o|-F|-p|-l) echo "opt $1 $2" >> "$LOG"; shift 2 ;;
    -*) echo "opt $1" >> "$LOG"; shift ;;
    *) if [ -z "$host" ]; then host="$1"; shift; else break; fi ;;
  esac
done
echo "host $host" >> "$LOG"
if [ -z "$key" ] || ! cmp -s "$key" '${keyFile}'; then
  echo "git@$host: Permission denied (publickey)." >&2
  exit 255
fi
echo "keymode $(stat -c %a "$key")" >> "$LOG"
exec sh -c "$*"
`,
    { mode: 0o755 },
  );
  const previous = process.env.PATH;
  process.env.PATH = `${dir}:${previous}`;
  return {
    log: () => fs.readFileSync(logFile, "utf8").split("\n").filter(Boolean),
    restore() {
      process.env.PATH = previous;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
