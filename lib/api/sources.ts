// Where a project's migrations come from, defined once: the type, the zod enum and the checks come from these
// tuples (the Prisma enum SourceKind is checked against SOURCE_KINDS by contract.test.ts).
import { z } from "zod";

export const SOURCE_KINDS = ["folder", "upload", "git"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const sourceKindSchema = z.enum(SOURCE_KINDS);

/** How Runway authenticates to a git remote: nothing (public, local path), an https token or password, an ssh key. */
export const GIT_CREDENTIAL_KINDS = ["none", "https", "ssh"] as const;
export type GitCredentialKind = (typeof GIT_CREDENTIAL_KINDS)[number];
