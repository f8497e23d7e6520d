"use client";
// Who may sign in and with which role. Admins cannot demote or disable themselves here (no lock-out by a misclick).
import type { Role } from "@/lib/api/roles";
import type { AdminUserView } from "@/lib/api/responses";
import { useUpdateUser, useUsers } from "@/lib/client/hooks";
import { useId, useState } from "react";
import { DisabledReason } from "../../disabled-reason";
import { ExactTime } from "../../exact-time";
import { ModalDialog } from "../../modal-dialog";
import { FormError } from "../../form-controls";
import { QueryError } from "../../query-error";
import { buttonClass, compactSelectClass } from "../../ui";
import { NewUserForm } from "./new-user-form";
import { ROLES } from "./roles";

function UserRow({
  user,
  isSelf,
  busy,
  onChange,
}: {
  user: AdminUserView;
  isSelf: boolean;
  busy: boolean;
  onChange: (patch: { role?: Role; disabled?: boolean }) => void;
}) {
  // The <select> only proposes: a role change happens after the confirmation dialog (UsersPanel).
  const reasonId = useId();
  const reason = isSelf ? "Not your own: another admin changes it." : busy ? "Saving the last change…" : null;
  return (
    <tr className={user.disabled ? "text-muted" : undefined}>
      <th scope="row" className="px-3 py-2 text-left font-medium">
        <span className="break-all">{user.email}</span>
        {isSelf ? <span className="ml-2 text-xs font-normal text-muted">(you)</span> : null}
        {user.name ? <span className="block text-xs font-normal text-muted">{user.name}</span> : null}
        {/* On a phone the status and creation columns are hidden. */}
        <span className="block text-xs font-normal text-muted sm:hidden">{user.disabled ? "Disabled" : "Active"}</span>
      </th>
      <td className="px-3 py-2">
        <select
          aria-label={`Role of ${user.email}`}
          value={user.role}
          disabled={isSelf || busy}
          aria-describedby={reason ? reasonId : undefined}
          onChange={(e) => onChange({ role: e.target.value as Role })}
          className={compactSelectClass}
        >
          {ROLES.map((role) => (
            <option key={role.value} value={role.value}>
              {role.label}
            </option>
          ))}
        </select>
      </td>
      <td className="hidden px-3 py-2 text-sm sm:table-cell">{user.disabled ? "Disabled" : "Active"}</td>
      <td className="hidden px-3 py-2 text-xs md:table-cell">
        <ExactTime iso={user.createdAt} />
      </td>
      <td className="px-3 py-2 text-right">
        <button
          type="button"
          disabled={isSelf || busy}
          aria-describedby={reason ? reasonId : undefined}
          className={buttonClass(user.disabled ? "secondary" : "danger", "sm")}
          onClick={() => onChange({ disabled: !user.disabled })}
        >
          {user.disabled ? "Enable" : "Disable"}
          <span className="sr-only"> {user.email}</span>
        </button>
        <DisabledReason id={reasonId} reason={reason} className="mt-1" />
      </td>
    </tr>
  );
}

function roleLabel(role: Role): string {
  return ROLES.find((r) => r.value === role)?.label ?? role;
}

function ConfirmRoleChange({
  user,
  role,
  onConfirm,
  onCancel,
}: {
  user: AdminUserView;
  role: Role;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ModalDialog
      title={`Change the role of ${user.email}?`}
      description={`From ${roleLabel(user.role)} to ${roleLabel(role)}. Their current sessions end; they sign in again with the new role.`}
      onClose={onCancel}
      testId="confirm-role-change"
      footer={
        <>
          <button type="button" className={buttonClass("secondary")} onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className={buttonClass(role === "admin" ? "danger" : "primary")} onClick={onConfirm}>
            Make {roleLabel(role).toLowerCase()}
          </button>
        </>
      }
    >
      <p className="text-sm">The change is recorded in the audit log.</p>
    </ModalDialog>
  );
}

export function UsersPanel({ currentUserId }: { currentUserId: string }) {
  const users = useUsers();
  const update = useUpdateUser();
  const [proposed, setProposed] = useState<{ user: AdminUserView; role: Role } | null>(null);

  return (
    <section aria-labelledby="users-heading" className="space-y-4">
      <h2 id="users-heading" className="text-xl font-semibold">
        Users
      </h2>

      <FormError error={update.error} title="The user was not updated" />

      {users.isPending ? (
        <p role="status" className="text-sm text-muted">
          Loading users…
        </p>
      ) : users.isError ? (
        <QueryError error={users.error} what="the users" onRetry={() => void users.refetch()} />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-surface">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Users and their roles</caption>
            <thead className="bg-subtle text-xs">
              <tr>
                <th scope="col" className="px-3 py-2">
                  User
                </th>
                <th scope="col" className="px-3 py-2">
                  Role
                </th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                  Status
                </th>
                <th scope="col" className="hidden px-3 py-2 md:table-cell">
                  Created
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {users.data.map((user) => (
                <UserRow
                  key={user.id}
                  user={user}
                  isSelf={user.id === currentUserId}
                  busy={update.isPending && update.variables?.id === user.id}
                  onChange={(patch) =>
                    patch.role !== undefined
                      ? setProposed({ user, role: patch.role })
                      : update.mutate({ id: user.id, ...patch })
                  }
                />
              ))}
            </tbody>
          </table>
        </div>
      )}

      {proposed ? (
        <ConfirmRoleChange
          user={proposed.user}
          role={proposed.role}
          onCancel={() => setProposed(null)}
          onConfirm={() => {
            update.mutate({ id: proposed.user.id, role: proposed.role });
            setProposed(null);
          }}
        />
      ) : null}

      <NewUserForm />
    </section>
  );
}
