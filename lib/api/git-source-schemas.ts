// The git source's fields (issue 10): their own piece of the contract, so that the project forms (create, and
// edit later) and routes share them. Client-safe (zod only). The migrations path inside the repository is the
// project's repoMigrationsPath, as for patches.
import { z } from "zod";

/** git check-ref-format, simplified: what a branch or tag name may be. */
const REF_NAME = /^(?!\/)(?!.*\/\/)(?!.*\/$)(?!.*\.\.)(?!.*@\{)(?!.*\.lock$)(?!.*\/\.)(?!\.)[A-Za-z0-9._\/+@-]+$/;

export const gitRepositoryField = z
  .string()
  .trim()
  .min(1, "Enter the repository: an https or ssh URL, or a path on the Runway server.")
  .max(2000);

export const gitRefField = z
  .string()
  .trim()
  .min(1, "Enter the branch or tag to follow, e.g. main.")
  .max(255)
  .regex(REF_NAME, "a branch or tag name, e.g. main, release/2026 or v1.2.0");

export const gitCredentialsInput = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("https"),
    /** Optional: GitHub and GitLab take any name with a token; GitLab deploy tokens need theirs. */
    username: z.string().trim().max(255).optional(),
    token: z.string().trim().min(1, "Enter the token or password.").max(4096),
  }),
  z.object({
    kind: z.literal("ssh"),
    privateKey: z
      .string()
      .trim()
      .min(1, "Paste the deploy key (the private key).")
      .max(16_384)
      .regex(/^-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+-----END [A-Z ]*PRIVATE KEY-----$/, {
        message: "a private key in OpenSSH or PEM form (-----BEGIN … PRIVATE KEY-----), without a passphrase",
      }),
  }),
]);

export const gitIntervalField = z
  .number({ error: "The fetch interval must be a whole number of seconds between 10 and 86400." })
  .int("The fetch interval must be a whole number of seconds between 10 and 86400.")
  .min(10, "The fetch interval must be a whole number of seconds between 10 and 86400.")
  .max(86_400, "The fetch interval must be a whole number of seconds between 10 and 86400.");

/** `source` of POST /api/projects when the migrations come from git. */
export const gitSourceInput = z.object({
  kind: z.literal("git"),
  repository: gitRepositoryField,
  ref: gitRefField,
  credentials: gitCredentialsInput.nullable().optional(),
  intervalSeconds: gitIntervalField.optional(),
});

/**
 * A change of a git project's settings (for the project edit route): absent fields keep their value;
 * `credentials: null` removes the stored ones. Every change is tested against the remote before it is saved.
 */
export const gitSourceUpdate = z.object({
  repository: gitRepositoryField.optional(),
  ref: gitRefField.optional(),
  credentials: gitCredentialsInput.nullable().optional(),
  intervalSeconds: gitIntervalField.optional(),
});

export type GitSourceInput = z.input<typeof gitSourceInput>;
export type GitSourceUpdateInput = z.input<typeof gitSourceUpdate>;
export type GitCredentialsInput = z.input<typeof gitCredentialsInput>;
