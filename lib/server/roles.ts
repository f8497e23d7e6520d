// Roles are ordered: an admin can do what an operator can, an operator what a viewer can.
import type { Role } from "../environments/views";

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export const ROLES: Role[] = ["viewer", "operator", "admin"];

export function hasRole(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && value in RANK;
}
