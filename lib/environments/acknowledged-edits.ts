// The edits of applied migrations acknowledged in each environment (MigrationEditAcknowledgement), as the
// classification reads them: kept in Runway's own database, so they survive restarts and every process sees them.
import type { PrismaClient } from "../generated/prisma/client";
import type { AcknowledgedEdits, EditAcknowledgement } from "../migrations/types";

/** One environment's acknowledgements; `key` changes whenever one is added or removed (status reuse compares it). */
export class AcknowledgedEditSet implements AcknowledgedEdits {
  readonly key: string;
  private readonly byEdit: Map<string, EditAcknowledgement>;

  constructor(rows: AcknowledgementRow[]) {
    this.byEdit = new Map(
      rows.map((r) => [
        editKey(r.migrationName, r.appliedChecksum, r.fileChecksum),
        { id: r.id, byLabel: r.acknowledgedByLabel, at: r.createdAt, reason: r.reason },
      ]),
    );
    this.key = rows
      .map((r) => r.id)
      .sort()
      .join(",");
  }

  find(migrationName: string, appliedChecksum: string, fileChecksum: string): EditAcknowledgement | null {
    return this.byEdit.get(editKey(migrationName, appliedChecksum, fileChecksum)) ?? null;
  }
}

export const NO_ACKNOWLEDGED_EDITS = new AcknowledgedEditSet([]);

interface AcknowledgementRow {
  id: string;
  environmentId: string;
  migrationName: string;
  appliedChecksum: string;
  fileChecksum: string;
  reason: string | null;
  acknowledgedByLabel: string;
  createdAt: Date;
}

const editKey = (name: string, applied: string, file: string) => `${name}\0${applied}\0${file}`;

/** The acknowledged edits of each environment given (an empty set for one without any), in one query. */
export async function loadAcknowledgedEdits(
  prisma: PrismaClient,
  environmentIds: string[],
): Promise<Map<string, AcknowledgedEditSet>> {
  const rows = await prisma.migrationEditAcknowledgement.findMany({
    where: { environmentId: { in: [...new Set(environmentIds)] } },
    select: {
      id: true,
      environmentId: true,
      migrationName: true,
      appliedChecksum: true,
      fileChecksum: true,
      reason: true,
      acknowledgedByLabel: true,
      createdAt: true,
    },
  });
  const byEnvironment = new Map<string, AcknowledgementRow[]>();
  for (const row of rows) {
    const list = byEnvironment.get(row.environmentId);
    if (list) list.push(row);
    else byEnvironment.set(row.environmentId, [row]);
  }
  return new Map(
    environmentIds.map((id) => {
      const list = byEnvironment.get(id);
      return [id, list ? new AcknowledgedEditSet(list) : NO_ACKNOWLEDGED_EDITS];
    }),
  );
}

export async function loadEnvironmentAcknowledgedEdits(
  prisma: PrismaClient,
  environmentId: string,
): Promise<AcknowledgedEditSet> {
  return (await loadAcknowledgedEdits(prisma, [environmentId])).get(environmentId)!;
}
