// An error that is about the HTTP exchange itself (a body too large, not JSON, a route's precondition), with the
// status and code it answers with. Domain errors (RegistryError, ActionRefused, MigrateError) stay domain
// errors: the route wrapper maps them.
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
  }
}
