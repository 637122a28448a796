import { seedDemoData } from "../db/seed";
import { runCli } from "./cli";

await runCli(async () => {
  const created = await seedDemoData();
  console.log(created.length ? `Seeded: ${created.join(", ")}` : "Demo data already present; nothing added.");
});
