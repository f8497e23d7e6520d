import type { AdminUserView } from "@/lib/api/responses";
import { idParams, updateUserBody } from "@/lib/api/schemas";
import { route } from "@/lib/server/route";
import { getPrisma } from "@/lib/server/db";
import { updateUser } from "@/lib/server/users";

export const PATCH = route(
  { role: "admin", params: idParams, body: updateUserBody },
  async ({ params, body, actor, origin }): Promise<AdminUserView> =>
    updateUser(getPrisma(), params.id, body, { actor, origin }),
);
