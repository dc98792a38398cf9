import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../../test-support/index.js";
import { openSqliteStore, openStore } from "./index.js";
import { runStoreConformance } from "./testing/conformance.js";

runStoreConformance({ name: "sqlite (:memory:)", open: () => openSqliteStore(":memory:") });

const dir = tempDir();
let n = 0;
runStoreConformance({
  name: "sqlite (file, WAL)",
  open: () => openStore(`sqlite:${join(dir, `s${n++}.db`)}`),
});

describe("openStore", () => {
  it("keeps data across reopen and rejects unknown URLs", async () => {
    const path = join(dir, "reopen.db");
    const a = await openStore(`sqlite:${path}`);
    await a.createUser({ name: "x", role: "admin", now: 1 });
    await a.close();
    const b = await openStore(path);
    expect((await b.getUserByName("x"))?.role).toBe("admin");
    await b.close();
    await expect(openStore("mysql://x")).rejects.toMatchObject({ code: "UNAVAILABLE" });
  });
});
