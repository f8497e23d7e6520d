// JSON of the diagnosis routes (types only: importable from client components).
//   GET /api/environments/{id}/migrations/{name}/analysis    → FailureAnalysis (lib/diagnosis/analyze-failure.ts)
//   GET /api/environments/{id}/migrations/{name}/rerunnable  → RerunnableView
//       (?download=patch → the patch file, text/x-diff, for `git apply`)
import type { Finding } from "../sql/lint";
import type { RewriteResult } from "../sql/rewrite";

export type { FailureAnalysis, Recommendation, StatementAnalysis } from "./analyze-failure";
export type { Finding };

export interface RerunnableView {
  migrationName: string;
  /** Lint findings for this migration (rule id, line, why it matters, how to fix). */
  findings: Finding[];
  rewrite: RewriteResult;
  /** Unified diff of migration.sql → the re-runnable version; empty when nothing changes. */
  patch: string;
  /** The migration is applied in this environment: editing it changes its checksum (it will read as modified). */
  editingChangesChecksum: boolean;
}
