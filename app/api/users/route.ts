import type { AdminUserView, UsersResponse } from "@/lib/api/responses";
import { createUserBody } from "@/lib/api/schemas";
import { route } from "@/lib/server/route";
import { getPrisma } from "@/lib/server/db";
import { createUser, listUsers } from "@/lib/server/users";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, async (): Promise<UsersResponse> => ({
  users: await listUsers(getPrisma()),
}));

export const POST = route(
  { role: "admin", body: createUserBody, status: 201 },
  async ({ body, actor, origin }): Promise<AdminUserView> => createUser(getPrisma(), body, { actor, origin }),
);
