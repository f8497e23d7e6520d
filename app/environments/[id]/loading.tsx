import { LoadingBlock } from "@/components/loading-block";

export default function EnvironmentLoading() {
  return <LoadingBlock label="Loading the environment…" rows={2} />;
}
