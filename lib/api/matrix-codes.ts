// The overview's compact matrix (GET /api/overview): each migration state as one character, so a row of 20
// environments is a 20-character string. The one table both the server (encoding) and clients (decoding) read.
import { MIGRATION_STATES, type MigrationState } from "../migrations/types";

export const MATRIX_STATE_CODES = {
  applied: "a",
  applied_manually: "m",
  pending: "p",
  failed: "f",
  in_progress: "i",
  rolled_back: "r",
  modified: "x",
  edited_acknowledged: "e",
  missing_locally: "l",
} as const satisfies Record<MigrationState, string>;

/** No state: the database could not be read, or the migration is in neither its history nor its source. */
export const MATRIX_NO_STATE = "-";

export type MatrixStateCode = (typeof MATRIX_STATE_CODES)[MigrationState] | typeof MATRIX_NO_STATE;

const STATE_BY_CODE: ReadonlyMap<string, MigrationState> = new Map(
  MIGRATION_STATES.map((state) => [MATRIX_STATE_CODES[state], state]),
);

export function encodeMatrixState(state: MigrationState | null | undefined): MatrixStateCode {
  return state ? MATRIX_STATE_CODES[state] : MATRIX_NO_STATE;
}

/** The state a code stands for; null for "-" and for a code this client does not know (a newer server). */
export function decodeMatrixState(code: string): MigrationState | null {
  return STATE_BY_CODE.get(code) ?? null;
}
