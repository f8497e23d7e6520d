import type { Metadata } from "next";
import { ActionScreen } from "@/components/screens/action-screen";
import { requirePageUser } from "@/lib/server/page-auth";

export const metadata: Metadata = { title: "Action" };

export default async function ActionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("viewer");
  const { id } = await params;
  return <ActionScreen actionId={id} role={user.role} />;
}
