// A refused action: nothing was written to the target. `status` is the HTTP status the route answers with.
export class ActionRefused extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status = 409) {
    super(message);
    this.name = "ActionRefused";
    this.code = code;
    this.status = status;
  }
}
