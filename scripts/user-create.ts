import { parseArgs } from "node:util";
import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { eq, inArray } from "drizzle-orm";
import { db, schema } from "../db/client";
import { passwordProblem } from "../app/modules/auth/password.server";
import { ROLES, type Role } from "../app/modules/auth/permissions";
import { UserEmail, UserName } from "../app/modules/users/users.schema";
import { createUser } from "../app/modules/users/users.server";
import { CliError, exitWith, runCli } from "./cli";

const USAGE =
  "Usage: npm run user:create -- --email E --name N --role admin|manager|finance|compliance [--branch SLUG]...\n" +
  "The password is read from NEW_USER_PASSWORD, or asked for on a terminal.";

/** Everything that can be checked before the database is opened. */
async function readArguments() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, branch: { type: "string", multiple: true } },
      strict: true,
    }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  const missing = (["email", "name", "role"] as const).filter((key) => !values[key]?.trim());
  if (missing.length) throw new CliError(`Missing ${missing.map((m) => `--${m}`).join(", ")}.\n${USAGE}`);
  if (!ROLES.includes(values.role as Role)) throw new CliError(`--role must be one of ${ROLES.join(", ")}, not "${values.role}".`);
  const email = UserEmail.safeParse(values.email);
  if (!email.success) throw new CliError(`--email: ${email.error.issues[0]?.message}`);
  const name = UserName.safeParse(values.name);
  if (!name.success) throw new CliError(`--name: ${name.error.issues[0]?.message}`);
  const password = process.env.NEW_USER_PASSWORD ?? (await askPassword());
  const weak = passwordProblem(password, [email.data, name.data]);
  if (weak) throw new CliError(`Password refused: ${weak}`);
  return { email: email.data, name: name.data, role: values.role as Role, branchSlugs: values.branch ?? [], password };
}

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new CliError(`Set NEW_USER_PASSWORD (there is no terminal to ask on).\n${USAGE}`);
  let muted = false;
  const output = new Writable({
    write: (chunk, _encoding, done) => {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const ask = async (prompt: string) => {
    process.stdout.write(prompt);
    muted = true;
    const answer = await rl.question("");
    muted = false;
    process.stdout.write("\n");
    return answer;
  };
  const first = await ask("Password: ");
  const second = await ask("Password again: ");
  rl.close();
  if (first !== second) throw new CliError("The two passwords don't match.");
  return first;
}

const args = await readArguments().catch(exitWith);

await runCli(async () => {
  const slugs = args.branchSlugs;
  const found = slugs.length
    ? await db().select({ id: schema.branches.id, slug: schema.branches.slug }).from(schema.branches).where(inArray(schema.branches.slug, slugs))
    : [];
  const unknown = slugs.filter((slug) => !found.some((b) => b.slug === slug));
  if (unknown.length) {
    const known = await db().select({ slug: schema.branches.slug }).from(schema.branches).where(eq(schema.branches.active, true));
    throw new CliError(`Unknown branch ${unknown.join(", ")}. Known branches: ${known.map((b) => b.slug).join(", ") || "none (run npm run db:seed)"}.`);
  }
  const result = await createUser({ actor: null, ...args, branchIds: found.map((b) => b.id) });
  if (!result.ok) throw new CliError(result.message);
  console.log(`Created ${args.role} ${args.email}${slugs.length ? ` for ${slugs.join(", ")}` : ""}.`);
});
