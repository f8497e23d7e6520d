// The real public Prisma histories in shared/corpora (langfuse, inbox-zero, hoppscotch), read in place, never
// copied into the repository. shared/ stands beside the checkout (CI, the main checkout) or one level further up
// (a worktree under a folder of its own); RUNWAY_CORPORA_DIR names it elsewhere.
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

function findCorpora(): string {
  if (process.env.RUNWAY_CORPORA_DIR) return process.env.RUNWAY_CORPORA_DIR;
  const candidates = [path.resolve(ROOT, "../shared/corpora"), path.resolve(ROOT, "../../shared/corpora")];
  const found = candidates.find((dir) => fs.existsSync(dir));
  if (!found)
    throw new Error(
      `The corpora of real Prisma histories are not at ${candidates.join(" or ")}: set RUNWAY_CORPORA_DIR.`,
    );
  return found;
}

export const CORPORA_DIR = findCorpora();
