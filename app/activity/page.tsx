import type { Metadata } from "next";
import { ActivityScreen } from "@/components/screens/activity-screen";
import { requirePageUser } from "@/lib/server/page-auth";

export const metadata: Metadata = { title: "Activity" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function ActivityPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageUser("viewer");
  const params = await searchParams;
  const first = (key: string) => {
    const value = params[key];
    const v = Array.isArray(value) ? value[0] : value;
    return v && v.length <= 100 ? v : undefined;
  };
  return (
    <ActivityScreen
      initial={{ projectId: first("projectId"), environmentId: first("environmentId"), kind: first("kind") }}
    />
  );
}
