import type { Role } from "@/lib/client/api-types";

export const ROLES: Array<{ value: Role; label: string; hint: string }> = [
  { value: "viewer", label: "Viewer", hint: "sees every environment" },
  { value: "operator", label: "Operator", hint: "can also run fixes" },
  { value: "admin", label: "Admin", hint: "can also manage projects, environments and users" },
];
