import type { GitWebhookAcceptedView } from "@/lib/api/responses";
import { idParams } from "@/lib/api/schemas";
import { readWebhookTarget } from "@/lib/git-source/git-settings";
import { describeRef } from "@/lib/git-source/repository";
import { decideWebhook, readPushEvent, verifyWebhook } from "@/lib/git-source/webhook";
import { getGitSourceContext, queueGitFetch } from "@/lib/server/git-services";
import { route } from "@/lib/server/route";

// Push hooks from GitHub (X-Hub-Signature-256), GitLab (X-Gitlab-Token) or anything sending the secret as a
// Bearer token. No session: the shared secret is the proof, checked on the raw body before anything runs. A
// push to the followed ref queues a fetch (one waiting per source however many pushes arrive) and answers at once.
export const POST = route(
  {
    params: idParams,
    // GitHub's push payloads reach a few hundred KiB on large pushes; only `ref` is read.
    maxBodyBytes: 2 * 1024 * 1024,
    status: 202,
    signature: async ({ params, body, headers }) => {
      // Whatever stops the check (no such project, a secret that no longer decrypts) reads as a wrong secret:
      // an unauthenticated caller learns nothing about the project.
      const target = await readWebhookTarget(getGitSourceContext(), params.id).catch((error: Error) => {
        console.error(`[runway git] webhook of ${params.id} not checked: ${error.message}`);
        return null;
      });
      const sender = target ? verifyWebhook(headers, body, target.secret) : null;
      if (!sender) return null;
      return { key: `webhook:${params.id}`, label: `git webhook (${sender})`, role: "viewer", userId: null };
    },
  },
  async ({ params, rawBody, request }): Promise<Response | GitWebhookAcceptedView> => {
    const target = (await readWebhookTarget(getGitSourceContext(), params.id))!;
    const decision = decideWebhook(readPushEvent(request.headers, rawBody!), target.ref);
    if (decision.outcome === "pong")
      return Response.json(decision, { status: 200, headers: { "Cache-Control": "no-store" } });
    if (decision.outcome === "ignored") return decision;
    const ref = describeRef(target.ref);
    const queued = await queueGitFetch(params.id, "webhook");
    return {
      outcome: "queued",
      message: queued
        ? `A fetch of ${ref.name} is queued: each new commit that changes the migrations becomes a release.`
        : `A fetch of ${ref.name} is already queued: it will see this push.`,
    };
  },
);
