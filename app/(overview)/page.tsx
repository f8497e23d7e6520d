import type { Metadata } from "next";
import { OverviewScreen } from "@/components/screens/overview-screen";
import { requirePageUser } from "@/lib/server/page-auth";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requirePageUser();
  return <OverviewScreen isAdmin={user.role === "admin"} />;
}
