"use client";
// "Verify chain": the server re-walks every row's hash. A break is shown loudly: it means someone changed the
// log behind Runway's back (the database refuses edits, so only a superuser who disabled its triggers could).
import { describeError } from "@/lib/client/fetch-json";
import { useVerifyAuditChain } from "@/lib/client/hooks";
import { Banner } from "./banner";
import { buttonClass } from "./ui";

export function AuditVerifyButton({ onClick, pending }: { onClick: () => void; pending: boolean }) {
  return (
    <button type="button" onClick={onClick} disabled={pending} className={buttonClass("secondary")}>
      {pending ? "Verifying…" : "Verify chain"}
    </button>
  );
}

export function AuditVerifyResult({ verify }: { verify: ReturnType<typeof useVerifyAuditChain> }) {
  if (verify.isPending)
    return (
      <p role="status" className="text-sm text-muted">
        Recomputing every event&apos;s hash…
      </p>
    );
  if (verify.isError)
    return (
      <Banner tone="danger" title="Could not verify the chain" testId="verify-result">
        <p>{describeError(verify.error)}</p>
      </Banner>
    );
  const result = verify.data;
  if (!result) return null;
  if (result.ok)
    return (
      <Banner
        tone="success"
        title={`${result.checked} ${result.checked === 1 ? "event" : "events"}, chain intact`}
        testId="verify-result"
      >
        {result.lastHash ? (
          <p className="text-xs">
            Head: seq {result.lastSeq}, hash <code className="font-mono break-all">{result.lastHash}</code>. Keep a copy
            elsewhere to detect a later removal of the newest events.
          </p>
        ) : null}
      </Banner>
    );
  return (
    <Banner
      tone="danger"
      title={`Chain broken at seq ${result.firstBrokenSeq}`}
      testId="verify-result"
      className="border-2"
    >
      <p className="font-medium">{result.reason}</p>
      <p>
        The log was changed outside Runway after it was written. Events up to seq {result.lastSeq ?? "—"} are intact (
        {result.checked - 1} checked). Export the log now and investigate who has superuser access to Runway&apos;s
        database.
      </p>
    </Banner>
  );
}
