import type { Metadata } from "next";
import { AdminScreen } from "@/components/screens/admin/admin-screen";
import { requirePageUser } from "@/lib/server/page-auth";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const user = await requirePageUser("admin");
  return <AdminScreen currentUserId={user.id} />;
}
