import { verifyAuditChain } from "@/lib/audit/verify-audit";
import { getPrisma } from "@/lib/server/db";
import type { AuditVerifyView } from "@/lib/api/responses";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route({ role: "operator" }, async (): Promise<AuditVerifyView> => verifyAuditChain(getPrisma()));
