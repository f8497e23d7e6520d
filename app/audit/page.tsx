import type { Metadata } from "next";
import { AuditScreen } from "@/components/screens/audit-screen";
import type { AuditSearch } from "@/lib/audit/views";
import { requirePageUser } from "@/lib/server/page-auth";

export const metadata: Metadata = { title: "Audit log" };

const FILTER_KEYS = ["environmentId", "actor", "event", "actionKind", "outcome", "from", "to"] as const;

type SearchParams = Record<string, string | string[] | undefined>;

/** The filters in the address (a shared link); the API validates them again. */
function readSearch(params: SearchParams): AuditSearch {
  const search: AuditSearch = {};
  for (const key of FILTER_KEYS) {
    const value = params[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (first && first.length <= 320) search[key] = first;
  }
  return search;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageUser("operator");
  return <AuditScreen initialSearch={readSearch(await searchParams)} />;
}
