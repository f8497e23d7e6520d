import { route } from "@/lib/server/route";
import { createUserBody } from "@/lib/server/schemas";
import { getPrisma } from "@/lib/server/db";
import { createUser, listUsers } from "@/lib/server/users";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, async () => ({ users: await listUsers(getPrisma()) }));

export const POST = route({ role: "admin", body: createUserBody }, async ({ body, actor, origin }) =>
  Response.json(await createUser(getPrisma(), body, { actor, origin }), { status: 201 }),
);
