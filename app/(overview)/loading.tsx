// Inside a route group so its loading.tsx (a Suspense boundary) wraps only the overview: a boundary above
// /admin would commit the response as 200 before forbidden() can answer 403.
import { LoadingBlock } from "@/components/loading-block";

export default function OverviewLoading() {
  return <LoadingBlock label="Loading the overview…" />;
}
