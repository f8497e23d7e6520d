// Starts this process's action worker when the server boots, so queued actions run and interrupted ones are
// found even before anyone opens the dashboard.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  if (process.env.RUNWAY_DISABLE_WORKER === "1") return;
  const { getActionWorker } = await import("./lib/server/action-runtime");
  await getActionWorker().catch((error: Error) =>
    console.error(`[runway actions] worker did not start: ${error.message}`),
  );
  const { getOncallRuntime } = await import("./lib/server/oncall-runtime");
  await getOncallRuntime().catch((error: Error) => console.error(`[runway monitor] did not start: ${error.message}`));
}
