// npm run finance:check: lists every deal (and offer) whose stated figures disagree with the
// credit-figures engine. Exits 1 when there is any, so it can gate an upgrade.
import { listFigureProblems } from "../app/modules/finance/figures-check.server";
import { runCli } from "./cli";

await runCli(async () => {
  const { deals, offers } = await listFigureProblems();
  const rows = [...deals, ...offers];
  if (rows.length === 0) {
    console.log("Every deal's and offer's figures agree with the credit-figures engine.");
    return;
  }
  for (const row of rows) {
    console.log(`${row.kind} ${row.reference} (${row.title})${row.frozen ? (row.kind === "deal" ? " [signed]" : " [published]") : ""}: ${row.remedy}`);
    for (const problem of row.problems) console.log(`  - ${problem.field}: ${problem.message}`);
  }
  console.log(`\n${deals.length} deal(s) and ${offers.length} offer(s) with figures that disagree.`);
  process.exitCode = 1;
});
