import type { Metadata } from "next";
import { ReleasesScreen } from "@/components/screens/releases-screen";
import { decodeParam } from "@/lib/client/paths";
import { requirePageUser } from "@/lib/server/page-auth";

export const metadata: Metadata = { title: "Releases" };

export default async function ReleasesPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  return <ReleasesScreen projectId={decodeParam(id)} role={user.role} />;
}
