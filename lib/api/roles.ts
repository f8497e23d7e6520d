// Roles, defined once: the type, the zod enum and the role check all come from this tuple (the Prisma enum in
// prisma/schema.prisma is checked against it by contract.test.ts). Ordered: each role can do what the ones
// before it can.
import { z } from "zod";

export const ROLES = ["viewer", "operator", "admin"] as const;

export type Role = (typeof ROLES)[number];

export const roleSchema = z.enum(ROLES);

export function hasRole(actual: Role, required: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(required);
}

/** What an API token may be: a role, or `release` (push releases of named projects, nothing else). */
export const TOKEN_ROLES = [...ROLES, "release"] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];
export const tokenRoleSchema = z.enum(TOKEN_ROLES);

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}
