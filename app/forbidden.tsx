import Link from "next/link";

export default function Forbidden() {
  return (
    <main id="content" className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-semibold">403 · Not allowed</h1>
      <p className="mt-4 text-slate-600 dark:text-slate-300">
        Your role does not give access to this page. Ask an admin to change your role if you need it.
      </p>
      <Link href="/" className="mt-6 inline-block underline">
        Back to the overview
      </Link>
    </main>
  );
}
