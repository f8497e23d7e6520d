// The response type of every JSON route, shared by the route (its handler's result) and the hook that calls it
// (lib/client/hooks.ts). Types only. The views themselves live beside the domain that builds them.
import type { ActionStatus } from "./actions";
import type { TokenRole } from "./roles";
import type { ActionView } from "../actions/views";
import type { EnvironmentView, ProjectView, SessionUserView } from "../environments/views";
import type { GitWebhookSecretView } from "../git-source/views";

export type {
  AcknowledgementView,
  DeployView,
  EnvironmentStatusView,
  EnvironmentView,
  HistoryPageView,
  MigrationDetailView,
  OverviewView,
  ProjectView,
  SessionUserView,
} from "../environments/views";
export type { ActionView, PreflightView } from "../actions/views";
export type {
  EnvironmentReleaseView,
  PromotionView,
  ReleaseOptionsView,
  ReleasePushedView,
  ReleasesResponse,
  ReleaseView,
  ShipFixView,
} from "../releases/views";
export type { AuditListView, AuditVerifyView } from "../audit/views";
export type {
  GitFetchResultView,
  GitSourceView,
  GitWebhookAcceptedView,
  GitWebhookSecretView,
} from "../git-source/views";
export type { FailureAnalysis, RerunnableView } from "../diagnosis/views";
export type { DriftView, DryRunView, SchemaCompareView } from "../schema/views";

/** POST /api/environments/{id}/acknowledgements → 201, GET (the environment's acknowledgements) */
export interface AcknowledgementsResponse {
  acknowledgements: import("../environments/views").AcknowledgementView[];
}

/** GET /api/environments[?removed=include] */
export interface EnvironmentsResponse {
  environments: EnvironmentView[];
  /** With `?removed=include`: the removed environments (and those of removed projects), newest removal first. */
  removed?: import("../environments/views").RemovedEnvironmentView[];
}

/** POST /api/projects → 201: the project; a git project also answers its webhook's URL and secret, this once. */
export type ProjectCreatedView = ProjectView & { gitWebhook?: GitWebhookSecretView };

/** PATCH /api/projects/{id}: a project switched to git answers its webhook secret, this once. */
export type ProjectUpdatedView = ProjectCreatedView;

/** GET /api/projects */
export interface ProjectsResponse {
  projects: ProjectView[];
}

/** DELETE /api/projects/{id}: the project and the environments removed with it (their history stays readable). */
export interface ProjectRemovedView {
  removed: true;
  id: string;
  name: string;
  environments: string[];
}

/** DELETE /api/environments/{id} */
export interface EnvironmentRemovedView {
  removed: true;
  id: string;
  name: string;
}

/** POST /api/projects/{id}/bundles → 201 */
export interface BundleCreatedView {
  version: number;
  checksum: string;
  migrationCount: number;
  /** The release the upload is (`created: false` when its files are the newest release's already). */
  release: { number: number; created: boolean };
}

/** POST /api/environments/test-connection */
export interface TestConnectionResult {
  ok: true;
  serverVersion: string;
  hasMigrationsTable: boolean;
  migrationCount: number;
}

/** A user as the admin routes return it. */
export interface AdminUserView extends SessionUserView {
  createdAt: string;
  disabled: boolean;
}

/** GET /api/users */
export interface UsersResponse {
  users: AdminUserView[];
}

/** An API token as GET /api/tokens lists it (never the token itself). */
export interface ApiTokenView {
  id: string;
  name: string;
  role: TokenRole;
  /** The projects a release token may push to (empty for the other roles). */
  projectIds: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revoked: boolean;
}

/** GET /api/tokens */
export interface TokensResponse {
  tokens: ApiTokenView[];
}

/** POST /api/tokens → 201: the clear token, in this response only. */
export interface CreatedTokenView extends ApiTokenView {
  token: string;
}

/** GET /api/environments/{id}/actions (newest first) */
export interface ActionsResponse {
  actions: ActionView[];
}

/** POST /api/environments/{id}/actions → 202 */
export interface ActionAcceptedView {
  id: string;
  status: Extract<ActionStatus, "queued" | "awaiting_approval">;
}

/** What GET /api/auth/providers returns (next-auth), keyed by provider id. */
export type AuthProviders = Record<
  string,
  { id: string; name: string; type: string; signinUrl: string; callbackUrl: string }
>;

// ---- Monitor, on-call and notifications ------------------------------------------------------------------

export type { ActionReviewView } from "../actions/review-action";
export type { MonitorSettingsView } from "../monitor/monitor-settings";
export type { DeployFactsView, EventPageView } from "../monitor/views";
export type { ChannelView, CreatedChannelView, DeliveryView } from "../notifications/views";

/** One request the caller could approve, as GET /api/actions/waiting lists it. */
export interface WaitingActionView {
  id: string;
  kind: import("./actions").ActionKind;
  migrationName: string | null;
  environmentId: string;
  environmentName: string;
  requestedByLabel: string;
  createdAt: string;
}

/** GET /api/actions/waiting */
export interface WaitingActionsResponse {
  count: number;
  actions: WaitingActionView[];
}

/** GET /api/channels */
export interface ChannelsResponse {
  channels: import("../notifications/views").ChannelView[];
}

/** DELETE /api/channels/{id} */
export interface ChannelDeletedResponse {
  deleted: true;
}

/** POST /api/channels/{id}/test: the test message's outcome. */
export interface ChannelTestResult {
  ok: boolean;
  responseCode: number | null;
  error: string | null;
  durationMs: number;
}

/** GET /api/channels/{id}/deliveries */
export interface DeliveriesResponse {
  deliveries: import("../notifications/views").DeliveryView[];
}

/** GET/PATCH /api/settings */
export interface SettingsResponse {
  settings: import("./schemas").SettingsView;
}
