"use client";
import { RouteErrorView, type RouteErrorProps } from "@/components/route-error";

export default function AdminError(props: RouteErrorProps) {
  return (
    <RouteErrorView
      {...props}
      title="The admin page could not be shown"
      advice={
        <p>
          Runway failed while preparing this page, usually because its own database is unavailable. Nothing was changed.
          Try again; if it keeps failing, look for the reference below in Runway&apos;s server logs.
        </p>
      }
    />
  );
}
