/**
 * A small mixed load on the running server: each user signs in through the form, then reads pages
 * and creates branches (an audited write) in turn, signing in again now and then. Every request is
 * recorded with its status and time, and every write the server acknowledged with what it wrote.
 */
export type Outcome = { kind: "read" | "write" | "sign-in"; startedAt: number; ms: number; status: number; body?: string };
export type LoadReport = {
  outcomes: Outcome[];
  /** Branch slugs whose creation was answered with success. */
  acknowledgedBranches: string[];
  /** Sign-ins answered with success. */
  acknowledgedSignIns: number;
};

// Far beyond the bound the server must keep to; a request cut off here is reported as status 0.
const CLIENT_GIVE_UP_MS = 20_000;

export function startLoad(options: { baseUrl: string; email: string; password: string; users: number; pauseMs: number }) {
  const { baseUrl } = options;
  const report: LoadReport = { outcomes: [], acknowledgedBranches: [], acknowledgedSignIns: 0 };
  let running = true;
  let written = 0;

  async function send(kind: Outcome["kind"], path: string, form?: Record<string, string>, cookie?: string) {
    const startedAt = Date.now();
    const headers: Record<string, string> = { Origin: baseUrl };
    if (cookie) headers.Cookie = cookie;
    let status = 0;
    let location = "";
    let setCookie = "";
    let body = "";
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method: form ? "POST" : "GET",
        headers,
        body: form ? new URLSearchParams(form) : undefined,
        redirect: "manual",
        signal: AbortSignal.timeout(CLIENT_GIVE_UP_MS),
      });
      status = response.status;
      location = response.headers.get("location") ?? "";
      setCookie = response.headers.get("set-cookie") ?? "";
      body = await response.text();
    } catch {
      status = 0; // no answer: refused, reset or given up on
    }
    const outcome: Outcome = { kind, startedAt, ms: Date.now() - startedAt, status };
    if (status === 503) outcome.body = body;
    report.outcomes.push(outcome);
    return { status, location, setCookie };
  }

  async function signIn() {
    const form = { email: options.email, password: options.password, redirectTo: "/" };
    const { status, setCookie } = await send("sign-in", "/login", form);
    if (status !== 302 || !setCookie) return null;
    report.acknowledgedSignIns += 1;
    return setCookie.split(";")[0]!;
  }

  async function user(index: number) {
    let cookie: string | null = null;
    for (let step = 0; running; step++) {
      if (!cookie || step % 25 === 0) cookie = (await signIn()) ?? cookie;
      if (cookie && step % 3 === 2) {
        written += 1;
        const slug = `fault-${index}-${written}`;
        const form = { intent: "create", name: `Fault test ${index} ${written}`, slug, stockNumberPrefix: prefixFor(written) };
        const { status, location } = await send("write", "/admin/branches", form, cookie);
        if (status === 302 && location.startsWith("/admin/branches")) report.acknowledgedBranches.push(slug);
      } else if (cookie) {
        await send("read", step % 2 ? "/admin/branches" : "/", undefined, cookie);
      }
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  }

  const users = Array.from({ length: options.users }, (_, index) => user(index));
  return {
    report,
    async stop() {
      running = false;
      await Promise.all(users);
      return report;
    },
  };
}

/** A distinct stock-number prefix of three or four letters for each write. */
function prefixFor(n: number) {
  let letters = "";
  for (let rest = n + 26 * 26; rest > 0; rest = Math.floor(rest / 26)) letters = String.fromCharCode(65 + (rest % 26)) + letters;
  return letters.slice(-4);
}
