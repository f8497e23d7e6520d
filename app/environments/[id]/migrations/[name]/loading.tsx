import { LoadingBlock } from "@/components/loading-block";

export default function MigrationLoading() {
  return <LoadingBlock label="Loading the migration…" rows={1} />;
}
