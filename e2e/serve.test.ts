// `vox serve --demo`: a new user can sign in and label at once; SIGTERM stops the server cleanly (exit 0).
import { join } from "node:path";
import { VoxClient } from "@vox/server";
import { describe, expect, it } from "vitest";
import { tempDir } from "../test-support/index.js";
import { startServerProcess } from "./_server.js";

const dir = tempDir();

describe("vox serve --demo", () => {
  it("opens a ready project: sign in as demo, get an item, label it; then stops cleanly", async () => {
    const db = `sqlite:${join(dir, "demo.db")}`;
    const server = await startServerProcess(db, ["--demo"]);
    expect(server.stderr()).toContain('sign in as "demo" / "demo"');
    const page = await fetch(`${server.url}/`);
    expect(await page.text()).toContain("<title>vox</title>");
    const c = new VoxClient({ baseUrl: server.url });
    await c.login("demo", "demo");
    const [project] = await c.projects();
    expect(project).toMatchObject({
      name: "demo-sentiment",
      schema: { type: "single", classes: ["positive", "negative", "neutral"] },
    });
    const t = await c.next(project!.id);
    if ("done" in t) throw new Error("the demo has nothing to label");
    expect(typeof (t.item.data as { text: string }).text).toBe("string");
    expect(
      (await c.submit(project!.id, { id: "first", itemId: t.item.id, value: { label: "positive" } })).created,
    ).toBe(true);
    const admin = new VoxClient({ baseUrl: server.url });
    await admin.login("admin", "e2e-admin-password");
    const m = await admin.metrics(project!.id);
    expect(m.progress.items).toBe(240);
    expect(m.agreement.percent).toBeGreaterThan(0);
    expect(await server.stop()).toBe(0);
    // Restarting on the same database keeps the demo as it was (seeded once).
    const again = await startServerProcess(db, ["--demo"]);
    const c2 = new VoxClient({ baseUrl: again.url });
    await c2.login("demo", "demo");
    expect(await c2.projects()).toHaveLength(1);
    expect((await c2.annotations(project!.id)).map((a) => a.id)).toEqual(["first"]);
    expect(await again.stop()).toBe(0);
  });

  it("exits 2 with a clear message when the database cannot be reached", async () => {
    await expect(startServerProcess("postgres://nobody@127.0.0.1:1/none")).rejects.toThrow(
      /exited with 2: vox: PostgreSQL unavailable/,
    );
  });
});
