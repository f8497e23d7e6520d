"use client";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { buttonClass } from "./ui";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className={buttonClass("secondary", "sm")}
      disabled={pending}
      onClick={() => {
        setPending(true);
        // A full redirect: the server-rendered header and the query cache must not outlive the session.
        void signOut({ callbackUrl: "/signin" });
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
