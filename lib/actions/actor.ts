// Who does something: a signed-in user or an API token, with the role that authorises it.
import type { Role } from "../environments/views";

export interface Actor {
  /** `user:<id>` or `token:<id>`: stable, used to tell a requester from an approver. */
  key: string;
  /** What people read: the user's email, or `token <name>`. */
  label: string;
  role: Role;
  /** The user behind the actor (the token's creator for a token), when there is one. */
  userId: string | null;
  /** Set for a release token: it may only push releases (POST /api/releases) of these projects. */
  releaseProjectIds?: string[];
}

/** Where a request came from, for the audit log. */
export interface RequestOrigin {
  clientAddress: string | null;
  userAgent: string | null;
}

/** The person behind an actor: a token acts for its owner, so two credentials of one user are one person. */
export function personKey(actor: Pick<Actor, "key" | "userId">): string {
  return actor.userId ? `user:${actor.userId}` : actor.key;
}
