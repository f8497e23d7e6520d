import { ROLES as ROLE_VALUES, type Role } from "@/lib/api/roles";

/** How each role reads in the UI (the header shows the label; the admin forms the hint too). */
export const ROLE_WORDING: Record<Role, { label: string; hint: string }> = {
  viewer: { label: "Viewer", hint: "sees every environment" },
  operator: { label: "Operator", hint: "can also run fixes" },
  admin: { label: "Admin", hint: "can also manage projects, environments and users" },
};

/** The role choices of the admin forms, in the roles' order. */
export const ROLES: Array<{ value: Role; label: string; hint: string }> = ROLE_VALUES.map((value) => ({
  value,
  ...ROLE_WORDING[value],
}));
