import { CLI_FILE_NAME, readCliScript } from "@/lib/releases/cli-script";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

// Any token may fetch it: release tokens push with it, viewer tokens gate pipelines with `runway status`.
export const GET = route(
  { role: "viewer", releaseTokens: true },
  async () =>
    new Response(await readCliScript(), {
      headers: {
        "Content-Type": "text/javascript; charset=utf-8",
        "Content-Disposition": `attachment; filename="${CLI_FILE_NAME}"`,
        "Cache-Control": "no-store",
      },
    }),
);
