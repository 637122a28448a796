// A stand-in for the server in the lock tests: locks the data folder named on the command line,
// says so, then waits to be killed.
import { lockDataFolder } from "../../db/lock";

lockDataFolder(process.argv[2]!);
console.log("locked");
setInterval(() => {}, 60_000);
