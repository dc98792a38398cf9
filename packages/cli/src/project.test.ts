import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import { runVox } from "../../../test-support/cli.js";
import { tempDir, writeTemp } from "../../../test-support/index.js";

const vox = runVox;

const dir = tempDir();

describe("vox project", () => {
  it("creates, imports, lists and exports a project in a SQLite database", async () => {
    const db = `sqlite:${join(dir, "p.db")}`;
    const created = await vox(
      "project",
      "create",
      "news",
      "--schema",
      "single:sport,politics",
      "--overlap",
      "2",
      "--db",
      db,
      "--json",
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      name: "news",
      schema: { type: "single", classes: ["sport", "politics"] },
      settings: { overlap: 2 },
    });
    expect((await vox("project", "create", "news", "--schema", "text", "--db", db)).code).toBe(2);
    expect((await vox("project", "create", "x", "--schema", "single:a", "--db", db)).stderr).toContain(
      "--schema: classes",
    );
    const csv = writeTemp(dir, "items.csv", "id,text,gold\na,goal!,sport\nb,vote,\n");
    const imp = await vox("project", "import", "news", csv, "--db", db);
    expect(imp).toMatchObject({
      code: 0,
      stdout: `imported 2 items (1 gold) from ${csv}; 0 already present\n`,
    });
    const bad = writeTemp(dir, "bad.jsonl", '{"id":"c"}\n{nope\n');
    const badRun = await vox("project", "import", "news", bad, "--db", db);
    expect(badRun.code).toBe(2);
    expect(badRun.stderr).toContain(`${bad}: line 2: not valid JSON`);
    expect(badRun.stderr).toContain("0 rows before it were imported");
    expect((await vox("project", "import", "nope", csv, "--db", db)).stderr).toContain(
      'no project named "nope"',
    );
    const list = JSON.parse((await vox("project", "list", "--db", db, "--json")).stdout);
    expect(list).toEqual([
      { id: 1, name: "news", type: "single", items: 2, gold: 1, complete: 0, judgments: 0 },
    ]);
    const out = join(dir, "news.jsonl");
    expect((await vox("project", "export", "news", "--out", out, "--db", db)).code).toBe(0);
    expect(readFileSync(out, "utf8").trim().split("\n")).toHaveLength(2);
    const pq = join(dir, "news.parquet");
    await vox("project", "export", "news", "--format", "parquet", "--out", pq, "--db", db);
    const rows = await parquetReadObjects({ file: new Uint8Array(readFileSync(pq)).buffer });
    expect(rows.map((r) => r.id)).toEqual(["a", "b"]);
    const hf = join(dir, "hf");
    expect((await vox("project", "export", "news", "--format", "hf", "--out", hf, "--db", db)).code).toBe(0);
    expect(readdirSync(hf).sort()).toEqual(["README.md", "data.jsonl"]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("says clearly when the database cannot be opened", async () => {
    const r = await vox("project", "list", "--db", "mysql://nowhere");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown database URL");
    expect(existsSync(join(dir, "nowhere"))).toBe(false);
  });

  it("documents serve and project in --help", async () => {
    for (const cmd of ["serve", "project"]) {
      const r = await vox(cmd, "--help");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: vox ${cmd}`);
    }
    expect((await vox("serve", "--help")).stdout).toContain("--demo");
  });
});
