// Refusals of the registry and status layers, with a kind that the route wrapper maps to an HTTP status.
export type RegistryErrorKind = "not_found" | "conflict" | "invalid" | "unprocessable";

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
