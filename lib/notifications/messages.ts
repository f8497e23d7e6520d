// One event, three shapes: the webhook's JSON body, a Slack message (Block Kit, with a link), an email.
import type { RecordedEvent } from "../monitor/record-reading";

export interface EventLinks {
  environment: string;
  action: string | null;
}

export function linksFor(event: RecordedEvent, publicUrl: string): EventLinks {
  const base = publicUrl.replace(/\/+$/, "");
  return {
    environment: `${base}/environments/${event.environmentId}`,
    action: event.details.actionId ? `${base}/actions/${event.details.actionId}` : null,
  };
}

export function toWebhookBody(event: RecordedEvent, links: EventLinks, test = false) {
  return {
    type: test ? "test" : `environment.${event.kind}`,
    id: String(event.id),
    at: event.at.toISOString(),
    kind: event.kind,
    message: event.message,
    project: { id: event.projectId, name: event.projectName },
    environment: {
      id: event.environmentId,
      name: event.environmentName,
      isProtected: event.isProtected,
      url: links.environment,
    },
    action: links.action ? { id: event.details.actionId, url: links.action } : null,
    details: event.details,
  };
}

const EMOJI: Record<string, string> = {
  failed: ":red_circle:",
  blocked: ":no_entry:",
  unreachable: ":electric_plug:",
  drifted: ":warning:",
  diverged: ":twisted_rightwards_arrows:",
  in_progress: ":hourglass_flowing_sand:",
  recovered: ":large_green_circle:",
  deployed: ":rocket:",
  resolved: ":white_check_mark:",
  source_changed: ":package:",
  approval_requested: ":raised_hand:",
};

export function toSlackMessage(event: RecordedEvent, links: EventLinks) {
  const title =
    `${EMOJI[event.kind] ?? ""} *${event.projectName}/${event.environmentName}* — ${event.kind.replaceAll("_", " ")}`.trim();
  const buttons = [{ type: "button", text: { type: "plain_text", text: "Open environment" }, url: links.environment }];
  if (links.action)
    buttons.unshift({ type: "button", text: { type: "plain_text", text: "Review the request" }, url: links.action });
  return {
    text: `${event.projectName}/${event.environmentName}: ${event.message}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `${title}\n${event.message}` } },
      { type: "actions", elements: buttons },
    ],
  };
}

export function toEmail(event: RecordedEvent, links: EventLinks) {
  const subject = `[Runway] ${event.projectName}/${event.environmentName}: ${event.kind.replaceAll("_", " ")}`;
  const lines = [event.message, "", `Environment: ${links.environment}`];
  if (links.action) lines.push(`Request: ${links.action}`);
  if (event.details.migrations?.length) lines.push("", "Migrations:", ...event.details.migrations.map((m) => `  ${m}`));
  return { subject, text: lines.join("\n") };
}
