import { LoadingBlock } from "@/components/loading-block";

export default function AuditLoading() {
  return <LoadingBlock label="Loading the audit log…" rows={1} />;
}
