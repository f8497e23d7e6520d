import { LoadingBlock } from "@/components/loading-block";

export default function OverviewLoading() {
  return <LoadingBlock label="Loading the overview…" />;
}
