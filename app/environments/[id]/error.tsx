"use client";
import { RouteErrorView, type RouteErrorProps } from "@/components/route-error";

export default function EnvironmentError(props: RouteErrorProps) {
  return (
    <RouteErrorView
      {...props}
      title="This environment could not be shown"
      advice={
        <>
          <p>
            Runway failed while preparing this page. If the environment&apos;s database is the problem, Runway normally
            says so on the page itself (it gives up after the environment&apos;s connect timeout, 5 s by default): check
            the host, network rules and credentials. Other environments are unaffected.
          </p>
          <p>Try again; if it keeps failing, look for the reference below in Runway&apos;s server logs.</p>
        </>
      }
    />
  );
}
