import { recordAudit } from "@/lib/audit/record-audit";
import type { GitWebhookSecretView } from "@/lib/api/responses";
import { idParams } from "@/lib/api/schemas";
import { regenerateWebhookSecret } from "@/lib/git-source/git-settings";
import { webhookPathOf } from "@/lib/git-source/git-source-view";
import { getGitSourceContext } from "@/lib/server/git-services";
import { publicUrl } from "@/lib/server/oncall-runtime";
import { route } from "@/lib/server/route";

// A new webhook secret, answered this once; the old one stops working at once (the audit keeps when, not what).
export const POST = route(
  { role: "admin", params: idParams },
  async ({ params, actor, origin }): Promise<GitWebhookSecretView> => {
    const ctx = getGitSourceContext();
    const { secret, createdAt, before } = await regenerateWebhookSecret(ctx, params.id);
    await recordAudit(ctx.prisma, {
      event: "git_webhook_secret_regenerated",
      actor,
      outcome: "accepted",
      arguments: {
        projectId: params.id,
        before: { rotatedAt: before.toISOString() },
        after: { rotatedAt: createdAt.toISOString() },
      },
      origin,
    });
    return { webhookUrl: `${publicUrl()}${webhookPathOf(params.id)}`, secret };
  },
);
