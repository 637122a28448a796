// npm run finance:check: lists every deal (and offer) whose stated figures disagree with the
// credit-figures engine, and every deal whose recorded events are out of order or whose commission was
// reviewed by someone who took part in it. Exits 1 when there is any, so it can gate an upgrade.
import { listFigureProblems } from "../app/modules/finance/figures-check.server";
import { runCli } from "./cli";

await runCli(async () => {
  const { deals, offers, events } = await listFigureProblems();
  const rows = [...deals, ...offers];
  if (rows.length === 0 && events.length === 0) {
    console.log("Every deal's and offer's figures agree with the credit-figures engine, and every deal's events are in order and reviewed by another person.");
    return;
  }
  for (const row of rows) {
    console.log(`${row.kind} ${row.reference} (${row.title})${row.frozen ? (row.kind === "deal" ? " [signed]" : " [published]") : ""}: ${row.remedy}`);
    for (const problem of row.problems) console.log(`  - ${problem.field}: ${problem.message}`);
  }
  for (const row of events) {
    console.log(`deal ${row.reference} (${row.title})${row.frozen ? " [signed]" : ""}: events out of order or self-reviewed. ${row.remedy}`);
    for (const problem of row.problems) console.log(`  - ${problem.message}`);
  }
  console.log(`\n${deals.length} deal(s) and ${offers.length} offer(s) with figures that disagree; ${events.length} deal(s) with events out of order or self-reviewed.`);
  process.exitCode = 1;
});
