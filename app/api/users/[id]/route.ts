import { route } from "@/lib/server/route";
import { idParams, updateUserBody } from "@/lib/server/schemas";
import { getPrisma } from "@/lib/server/db";
import { updateUser } from "@/lib/server/users";

export const PATCH = route({ role: "admin", params: idParams, body: updateUserBody }, async ({ params, body, actor, origin }) =>
  updateUser(getPrisma(), params.id, body, { actor, origin }),
);
