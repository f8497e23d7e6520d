import type { Metadata } from "next";
import { OverviewScreen } from "@/components/screens/overview-screen";
import { requirePageUser } from "@/lib/server/page-auth";
import { getStatusService } from "@/lib/server/services";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requirePageUser();
  // Read here (the same cached read GET /api/overview answers with) and streamed with the page: the matrix shows
  // at hydration instead of after one more request, and loading.tsx covers the wait. A failed read is left to the
  // client's own request, which shows the error with a retry.
  const initial = await getStatusService()
    .getOverview()
    .catch(() => undefined);
  return <OverviewScreen isAdmin={user.role === "admin"} initial={initial} />;
}
