"use client";
// Add a person who signs in with email and password (OAuth users appear on their first sign-in).
import { useId, useState, type FormEvent } from "react";
import type { Role } from "@/lib/client/api-types";
import { useCreateUser } from "@/lib/client/hooks";
import { Banner } from "../../banner";
import { describedBy, Field, FormError, FormSection } from "../../form-controls";
import { SecretInput } from "../../secret-input";
import { buttonClass, inputClass } from "../../ui";
import { ROLES } from "./roles";

// Mirrors the server's rule (lib/server/schemas.ts) so the common mistake is caught before a round trip.
const MIN_PASSWORD = 10;

export function NewUserForm() {
  const id = useId();
  const create = useCreateUser();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [localError, setLocalError] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setLocalError(null);
    if (!email.trim()) return setLocalError("Enter the user's email.");
    if (password.length < MIN_PASSWORD) return setLocalError(`The password needs at least ${MIN_PASSWORD} characters.`);
    create.mutate(
      { email: email.trim(), password, role, ...(name.trim() ? { name: name.trim() } : {}) },
      {
        onSuccess: () => {
          setEmail("");
          setName("");
          setPassword("");
          setRole("viewer");
        },
      },
    );
  }

  return (
    <form onSubmit={handleSubmit} aria-label="New user" autoComplete="off" data-testid="new-user-form">
      <FormSection title="New user">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={`${id}-email`} label="Email" required>
            <input
              id={`${id}-email`}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
              autoComplete="off"
              className={inputClass}
            />
          </Field>
          <Field id={`${id}-name`} label="Name">
            <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} className={inputClass} />
          </Field>
          <Field id={`${id}-password`} label="Initial password" required hint={`At least ${MIN_PASSWORD} characters. Share it privately.`}>
            <SecretInput
              id={`${id}-password`}
              revealLabel="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
              minLength={MIN_PASSWORD}
              autoComplete="new-password"
              aria-describedby={describedBy(`${id}-password`, true, false)}
            />
          </Field>
          <Field id={`${id}-role`} label="Role" required>
            <select
              id={`${id}-role`}
              value={role}
              onChange={(e) => setRole(e.target.value as Role)}
              className={inputClass}
            >
              {ROLES.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label} — {option.hint}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {localError ? (
          <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
            {localError}
          </p>
        ) : null}
        <FormError error={create.error} title="The user was not created" />
        {create.isSuccess ? <Banner tone="success" title={`User ${create.data.email} created`} /> : null}
        <button type="submit" disabled={create.isPending} className={buttonClass("primary")}>
          {create.isPending ? "Creating…" : "Create user"}
        </button>
      </FormSection>
    </form>
  );
}
