import type { SourceKind } from "../api/sources";
import type { EnvironmentView } from "./views";

// Refusals of the registry and status layers, with a kind that the route wrapper maps to an HTTP status.
export type RegistryErrorKind = "not_found" | "conflict" | "invalid" | "unprocessable" | "forbidden";

export class RegistryError extends Error {
  readonly kind: RegistryErrorKind;
  readonly code: string;

  constructor(kind: RegistryErrorKind, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RegistryError";
    this.kind = kind;
    this.code = code;
  }
}

/** An environment whose stored URL cannot be decrypted: it reads as such, the others are unaffected. */
export class UndecryptableEnvironmentError extends RegistryError {
  readonly environment: EnvironmentView;
  readonly project: {
    id: string;
    name: string;
    sourceKind: SourceKind;
    folderPath: string | null;
    repoMigrationsPath: string;
    gitHead: string | null;
  };

  constructor(environment: EnvironmentView, project: UndecryptableEnvironmentError["project"], cause: unknown) {
    super(
      "unprocessable",
      "url_undecryptable",
      `${environment.name} cannot decrypt its URL (integrity check failed).`,
      { cause },
    );
    this.environment = environment;
    this.project = project;
  }
}
