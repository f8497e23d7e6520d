"use client";
import { RouteErrorView, type RouteErrorProps } from "@/components/route-error";

export default function MigrationError(props: RouteErrorProps) {
  return (
    <RouteErrorView
      {...props}
      title="This migration could not be shown"
      advice={
        <p>
          Runway failed while preparing this page. Try again; the environment page still lists every attempt and its
          stored error. If it keeps failing, look for the reference below in Runway&apos;s server logs.
        </p>
      }
    />
  );
}
