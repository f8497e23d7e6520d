"use client";
// Email + password through next-auth's Credentials provider, plus any OAuth/OIDC providers the server has.
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { useAuthProviders } from "@/lib/client/hooks";
import { toSafeCallbackUrl } from "@/lib/client/paths";
import { describeSignInError, LOCKOUT_ERROR } from "@/lib/client/sign-in-errors";
import { Banner } from "../banner";
import { describedBy, Field } from "../form-controls";
import { buttonClass, inputClass } from "../ui";

interface SignInFormProps {
  callbackUrl: string | null;
  initialError: string | null;
}

export function SignInForm({ callbackUrl, initialError }: SignInFormProps) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(describeSignInError(initialError));
  const [pending, setPending] = useState(false);
  const providers = useAuthProviders();
  const oauthProviders = (providers.data ?? []).filter((p) => p.id !== "credentials");

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = toSafeCallbackUrl(callbackUrl);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", { email, password, redirect: false, callbackUrl: target });
      if (!result || result.error || !result.ok) {
        setError(
          result?.error?.startsWith(LOCKOUT_ERROR)
            ? describeSignInError(result.error)
            : result && result.status >= 500
              ? `Sign-in failed on the server (HTTP ${result.status}). Try again, or ask an admin to check the logs.`
              : "Wrong email or password",
        );
        setPending(false);
        return;
      }
      // A full navigation: the server-rendered header must pick up the new session.
      window.location.assign(target);
    } catch {
      setError("Could not reach Runway's server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <div className="space-y-6">
      {error ? (
        <div id="signin-error">
          <Banner tone="danger" title={error} />
        </div>
      ) : null}
      <form onSubmit={handleSubmit} className="space-y-4" noValidate={false}>
        <Field id="email" label="Email">
          <input
            id="email"
            name="email"
            type="email"
            required
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            className={inputClass}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "signin-error" : describedBy("email", false, false)}
          />
        </Field>
        <Field id="password" label="Password">
          <input
            id="password"
            name="password"
            type="password"
            required
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            className={inputClass}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "signin-error" : undefined}
          />
        </Field>
        <button type="submit" disabled={pending} className={`${buttonClass("primary")} w-full`}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>

      {oauthProviders.length > 0 ? (
        <div className="space-y-3">
          <p className="flex items-center gap-3 text-xs uppercase tracking-wide text-muted">
            <span className="h-px flex-1 bg-border" aria-hidden="true" />
            or
            <span className="h-px flex-1 bg-border" aria-hidden="true" />
          </p>
          {oauthProviders.map((provider) => (
            <button
              key={provider.id}
              type="button"
              className={`${buttonClass("secondary")} w-full`}
              onClick={() => void signIn(provider.id, { callbackUrl: toSafeCallbackUrl(callbackUrl) })}
            >
              {/* "Continue with", not "Sign in with": keeps the credentials button the only one named "Sign in". */}
              Continue with {provider.name}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
