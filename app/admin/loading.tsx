import { LoadingBlock } from "@/components/loading-block";

export default function AdminLoading() {
  return <LoadingBlock label="Loading projects, environments and users…" rows={3} />;
}
