import net from "node:net";

export type OutageMode = "refuse" | "blackhole";

/**
 * A TCP proxy in front of PostgreSQL that the test can cut. `cut("refuse")` closes every open
 * connection as a stopping server does (the closing handshake, not a reset: a transaction cut this
 * way is what crashed postgres 3.4.9) and refuses new ones; `cut("blackhole")` accepts new
 * connections that never answer (a network that drops packets: only a connect timeout ends them).
 * `restore()` forwards again.
 */
export async function startTcpProxy(target: { host: string; port: number }, listenPort = 0) {
  let outage: OutageMode | null = null;
  const upstreams = new Set<net.Socket>();
  const silent = new Set<net.Socket>();
  const quiet = (socket: net.Socket) => socket.on("error", () => {}); // cuts are what the test is for

  const clients = new Set<net.Socket>();
  const server = net.createServer((client) => {
    quiet(client);
    clients.add(client);
    client.once("close", () => clients.delete(client));
    if (outage === "refuse") return client.resetAndDestroy();
    if (outage === "blackhole") {
      silent.add(client);
      client.once("close", () => silent.delete(client));
      return;
    }
    const upstream = quiet(net.connect(target.port, target.host));
    upstreams.add(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.once("close", () => upstream.destroy());
    upstream.once("close", () => {
      upstreams.delete(upstream);
      client.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listenPort, "127.0.0.1", () => resolve());
  });
  const dropSilent = () => {
    for (const socket of silent) socket.resetAndDestroy();
  };

  return {
    port: (server.address() as net.AddressInfo).port,
    cut(mode: OutageMode = "refuse") {
      outage = mode;
      for (const upstream of upstreams) upstream.destroy();
    },
    restore() {
      outage = null;
      dropSilent(); // their clients see a reset and connect again
    },
    async close() {
      outage = "refuse";
      for (const socket of [...clients, ...upstreams]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
