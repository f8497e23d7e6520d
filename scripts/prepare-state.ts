// Run by `npm start` before the web server: own migrations, first admin, demo (lib/server/bootstrap.ts).
import { prepareState } from "../lib/server/bootstrap";

try {
  await prepareState();
} catch (error) {
  console.error(`Runway could not prepare its state: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
