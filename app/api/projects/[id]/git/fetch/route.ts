import { recordAudit } from "@/lib/audit/record-audit";
import type { GitFetchResultView } from "@/lib/api/responses";
import { idParams } from "@/lib/api/schemas";
import { fetchGitSource } from "@/lib/git-source/fetch-git-source";
import { getGitSourceContext, queueGitFetch } from "@/lib/server/git-services";
import { afterGitFetch } from "@/lib/server/oncall-runtime";
import { route } from "@/lib/server/route";

// "Fetch now": operators, who are on call when a fix has just been merged. Runs the fetch and answers its outcome;
// when another fetch of the source is running, one more is queued after it (it will see the same commits).
export const POST = route(
  { role: "operator", params: idParams },
  async ({ params, actor, origin }): Promise<GitFetchResultView> => {
    const ctx = getGitSourceContext();
    const { projectId: _id, ...result } = await fetchGitSource(ctx, params.id, {
      label: `fetch now by ${actor.label}`,
    });
    if (result.outcome === "busy") await queueGitFetch(params.id, `fetch now by ${actor.label}`);
    await afterGitFetch({ projectId: params.id, ...result });
    await recordAudit(ctx.prisma, {
      event: "git_fetch_requested",
      actor,
      outcome: result.outcome === "failed" ? "failed" : "accepted",
      arguments: {
        projectId: params.id,
        outcome: result.outcome,
        releases: result.releases.map((r) => ({ number: r.number, commitSha: r.commitSha })),
        skipped: result.skipped,
      },
      message: result.error,
      durationMs: result.durationMs,
      origin,
    });
    return result;
  },
);
