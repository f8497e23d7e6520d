"use client";
import { RouteErrorView, type RouteErrorProps } from "@/components/route-error";

export default function AuditError(props: RouteErrorProps) {
  return (
    <RouteErrorView
      {...props}
      title="The audit log could not be shown"
      advice={
        <p>
          Runway failed while preparing this page, usually because its own database is unavailable. The log itself is
          kept in that database and is not affected. Try again; if it keeps failing, look for the reference below in
          Runway&apos;s server logs.
        </p>
      }
    />
  );
}
