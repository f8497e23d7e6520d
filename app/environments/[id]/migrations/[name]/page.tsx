import type { Metadata } from "next";
import { MigrationScreen } from "@/components/screens/migration-screen";
import { decodeParam } from "@/lib/client/paths";
import { requirePageUser } from "@/lib/server/page-auth";

type Params = Promise<{ id: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { name } = await params;
  return { title: decodeParam(name) };
}

export default async function MigrationPage({ params }: { params: Params }) {
  const user = await requirePageUser();
  const { id, name } = await params;
  // The role only decides which buttons show; every action route checks it again on the server.
  return <MigrationScreen environmentId={decodeParam(id)} migrationName={decodeParam(name)} role={user.role} />;
}
