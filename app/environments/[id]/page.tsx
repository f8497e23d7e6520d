import type { Metadata } from "next";
import { EnvironmentScreen } from "@/components/screens/environment-screen";
import { decodeParam } from "@/lib/client/paths";
import { requirePageUser } from "@/lib/server/page-auth";

export const metadata: Metadata = { title: "Environment" };

export default async function EnvironmentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  // The role only decides which buttons show; every action route checks it again on the server.
  return <EnvironmentScreen environmentId={decodeParam(id)} role={user.role} />;
}
