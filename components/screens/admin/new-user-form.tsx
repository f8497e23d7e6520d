"use client";
// Add a person who signs in with email and password (OAuth users appear on their first sign-in).
import { useId, useState, type FormEvent } from "react";
import type { Role } from "@/lib/api/roles";
import { createUserBody, firstIssueMessage, MIN_PASSWORD_LENGTH } from "@/lib/api/schemas";
import { useCreateUser } from "@/lib/client/hooks";
import { Banner } from "../../banner";
import { describedBy, Field, FormError, FormSection } from "../../form-controls";
import { SecretInput } from "../../secret-input";
import { buttonClass, inputClass } from "../../ui";
import { ROLES } from "./roles";

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
    // The server's own schema: a mistake is caught before a round trip, with the server's message.
    const input = createUserBody.safeParse({ email, password, role, name: name.trim() || undefined });
    if (!input.success) return setLocalError(firstIssueMessage(input.error));
    create.mutate(input.data, {
      onSuccess: () => {
        setEmail("");
        setName("");
        setPassword("");
        setRole("viewer");
      },
    });
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
          <Field
            id={`${id}-password`}
            label="Initial password"
            required
            hint={`At least ${MIN_PASSWORD_LENGTH} characters. Share it privately.`}
          >
            <SecretInput
              id={`${id}-password`}
              revealLabel="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
              minLength={MIN_PASSWORD_LENGTH}
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
