import { getDatabase } from "../db/client";
import { runCli } from "./cli";

await runCli(async () => {
  console.log(`Migrations applied (${getDatabase().kind}).`);
});
