// What the sign-in page says for each refusal code (`/signin?error=…`): next-auth's own, Runway's SSO refusals
// (lib/server/sso-sign-in.ts) and the throttle's `TooManySignInAttempts:<seconds>`.

export const SSO_REFUSALS = {
  SsoNoEmail: "The identity provider did not send an email address, so Runway cannot tell who you are.",
  SsoDomainNotAllowed: "Your email domain is not allowed to sign in to Runway.",
  SsoUnverifiedEmail:
    "Your identity provider has not verified your email address, so Runway cannot use it to sign you in.",
  SsoEmailInUse:
    "A Runway account with this email already exists and is not linked to this single sign-on identity. Sign in with your password, or ask an admin to allow linking (your provider must also mark the email verified).",
  AccountDisabled: "This Runway account is disabled.",
} as const;

export type SsoRefusal = keyof typeof SSO_REFUSALS;

const NEXT_AUTH_ERRORS: Record<string, string> = {
  CredentialsSignin: "Wrong email or password",
  AccessDenied: "Access denied: this account is disabled or not allowed to sign in to Runway.",
  OAuthAccountNotLinked: "This email is already registered with another sign-in method. Use that one.",
  OAuthCallback: "Single sign-on did not complete (the identity provider's answer could not be used). Try again.",
  OAuthSignin: "Could not start single sign-on. Try again, or ask an admin to check the provider settings.",
  SessionRequired: "Sign in to continue.",
  Configuration: "Sign-in is misconfigured on the server. Ask an admin to check the logs.",
  ...SSO_REFUSALS,
};

export const LOCKOUT_ERROR = "TooManySignInAttempts";

export function describeLockoutSeconds(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Too many sign-in attempts. Sign-in is paused for this account; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export function describeSignInError(code: string | null | undefined): string | null {
  if (!code) return null;
  if (code.startsWith(LOCKOUT_ERROR)) return describeLockoutSeconds(Number(code.split(":")[1]) || 60);
  return Object.hasOwn(NEXT_AUTH_ERRORS, code) ? NEXT_AUTH_ERRORS[code] : "Sign-in failed. Try again.";
}
