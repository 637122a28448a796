import { describe, expect, it } from "vitest";
import { databaseUnavailableCode, isDatabaseUnavailable } from "~/modules/system/database-unavailable.server";

const withCode = (code: string, message = "failed") => Object.assign(new Error(message), { code });

describe("recognising that the database is unavailable", () => {
  it.each([
    ["a refused connection", "ECONNREFUSED"],
    ["a reset connection", "ECONNRESET"],
    ["no connection within the connect timeout", "CONNECT_TIMEOUT"],
    ["a connection closed under a query", "CONNECTION_CLOSED"],
    ["a pool that was ended", "CONNECTION_ENDED"],
    ["a destroyed connection", "CONNECTION_DESTROYED"],
    ["the statement timeout", "57014"],
    ["an administrator's shutdown", "57P01"],
    ["a server starting up", "57P03"],
    ["too many connections", "53300"],
    ["a connection failure (class 08)", "08006"],
  ])("recognises %s (%s)", (_case, code) => {
    expect(databaseUnavailableCode(withCode(code))).toBe(code);
  });

  it("looks through Drizzle's wrapping of the driver's error, and an AggregateError's errors", () => {
    const wrapped = new Error("Failed query: select 1", { cause: withCode("CONNECTION_CLOSED") });
    expect(databaseUnavailableCode(wrapped)).toBe("CONNECTION_CLOSED");
    expect(databaseUnavailableCode(new AggregateError([new Error("x"), withCode("ECONNREFUSED")]))).toBe("ECONNREFUSED");
  });

  it.each([
    ["a unique violation", withCode("23505")],
    ["a check violation", withCode("23514")],
    ["a serialisation failure", withCode("40001")],
    ["a bug", new TypeError("Cannot read properties of undefined")],
    ["a thrown string", "boom"],
  ])("does not take %s for an outage", (_case, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
