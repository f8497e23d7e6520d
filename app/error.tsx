"use client";
import { RouteErrorView, type RouteErrorProps } from "@/components/route-error";

export default function OverviewError(props: RouteErrorProps) {
  return (
    <RouteErrorView
      {...props}
      title="Runway could not show this page"
      advice={
        <p>
          The page failed on the server, usually because Runway&apos;s own database is unavailable. Try again in a
          moment; if it keeps failing, check that Runway&apos;s database is running and look for the reference below in
          the server logs. Your environments&apos; databases are not affected.
        </p>
      }
    />
  );
}
