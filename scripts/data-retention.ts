// npm run data:retention: which customers the retention rules make due for anonymising today, and why
// the others are kept (a legal hold, an open complaint, a deal or complaint still in its retention
// period, or recent activity). A dry run by default; `--apply` anonymises those due, each in its own
// transaction, audited with no user ("the system"). The same list is on /admin/retention.
import { applyRetention } from "../app/modules/privacy/erasure.server";
import { runCli } from "./cli";

await runCli(async () => {
  const apply = process.argv.includes("--apply");
  const run = await applyRetention({ actor: null, apply });
  const r = run.rules;
  console.log(`Retention rules: finance deals ${r.financeDealYears} years, complaints ${r.complaintYears} years after their last event; customers anonymised after ${r.inactiveCustomerYears} years inactive. Today: ${run.today}.`);
  console.log(`\nDue (${run.due.length}):`);
  for (const s of run.due) console.log(`  ${s.customerId}  ${s.name}  last active ${s.lastActivityOn}`);
  console.log(`\nKept (${run.notYet.length}):`);
  for (const s of run.notYet) console.log(`  ${s.customerId}  ${s.name}  not before ${s.canBeAnonymisedOn ?? "(held)"}: ${s.reasons.join(" ")}`);
  if (!apply) {
    console.log(`\nDry run: nothing changed. Run with --apply to anonymise the ${run.due.length} due.`);
    return;
  }
  console.log(`\nAnonymised ${run.done.length}.`);
  for (const f of run.failed) console.log(`  refused ${f.customerId}: ${f.message}`);
  if (run.failed.length) process.exitCode = 1;
});
