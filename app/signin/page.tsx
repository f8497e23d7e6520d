import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/screens/sign-in-form";
import { toSafeCallbackUrl } from "@/lib/client/paths";
import { getOptionalPageUser } from "@/lib/server/page-auth";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const query = await searchParams;
  const callbackUrl = first(query.callbackUrl);
  const user = await getOptionalPageUser();
  if (user) redirect(toSafeCallbackUrl(callbackUrl));

  return (
    <div className="mx-auto mt-8 max-w-sm space-y-6 sm:mt-16">
      <div className="space-y-1 text-center">
        <h1 className="text-2xl font-semibold tracking-tight">Sign in to Runway</h1>
        <p className="text-sm text-muted">Prisma migration state of every environment, in one place.</p>
      </div>
      <div className="rounded-lg border border-border bg-surface p-6 shadow-sm">
        <SignInForm callbackUrl={callbackUrl} initialError={first(query.error)} />
      </div>
    </div>
  );
}
