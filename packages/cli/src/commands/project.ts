import { createReadStream, mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { withAtomicWriter } from "@vox/io";
import {
  EXPORT_FORMATS,
  type ExportFormat,
  importItems,
  importLabelStudio,
  importProdigy,
  LabelSchema,
  load,
  ProjectSettings,
  VoxServerError,
  writeExport,
} from "@vox/server";
import { openStore, type Store } from "@vox/storage";
import type { Command } from "commander";
import {
  type CliContext,
  choiceOption,
  intOption,
  numberOption,
  printJson,
  table,
  UsageError,
} from "../context.js";
import { DEFAULT_DB, storeErrorToUsage } from "./serve.js";

async function withStore<T>(db: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(db).catch(storeErrorToUsage);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function projectNamed(store: Store, name: string) {
  const p = await store.getProjectByName(name);
  if (!p) throw new UsageError(`no project named ${JSON.stringify(name)} (vox project list shows them)`);
  return load(p);
}

/** Parses --schema: "single:a,b", "multi:a,b", "pairwise", "rating:1-5", "text", "spans:PER,LOC", or a JSON file. */
async function parseSchema(spec: string): Promise<LabelSchema> {
  let raw: unknown;
  if (spec.endsWith(".json")) raw = JSON.parse(await readFile(spec, "utf8"));
  else {
    const [type, rest = ""] = spec.split(":", 2) as [string, string?];
    if (type === "rating") {
      const m = /^(-?\d+)-(-?\d+)$/.exec(rest);
      if (!m) throw new UsageError(`--schema rating:MIN-MAX (got ${JSON.stringify(spec)})`);
      raw = { type, min: Number(m[1]), max: Number(m[2]) };
    } else if (type === "single" || type === "multi" || type === "spans")
      raw = { type, classes: rest.split(",").filter(Boolean) };
    else raw = { type };
  }
  const r = LabelSchema.safeParse(raw);
  if (!r.success)
    throw new UsageError(
      `--schema: ${r.error.issues.map((i) => `${i.path.join(".") || "schema"}: ${i.message}`).join("; ")}`,
    );
  return r.data;
}

interface DbOption {
  db: string;
  json?: boolean;
}

/** `vox project create|list|import|export`: manage projects in a database directly (for scripts). */
export function registerProject(program: Command, ctx: CliContext): void {
  const project = program
    .command("project")
    .summary("create, list, import into and export projects (directly in the database)")
    .description("Works on the database itself (--db, default $VOX_DB or sqlite:vox.db), no server needed.");

  project
    .command("create")
    .summary("create a project")
    .argument("<name>", "project name")
    .requiredOption(
      "--schema <spec>",
      "single:a,b | multi:a,b | pairwise | rating:1-5 | text | spans:PER,LOC | FILE.json",
    )
    .option("--overlap <k>", "distinct raters per item", intOption("--overlap", { min: 1, max: 100 }), 3)
    .option(
      "--gold-rate <share>",
      "share of hand-outs that are gold items",
      numberOption("--gold-rate", { min: 0, max: 1 }),
      0,
    )
    .option("--guidelines <file>", "a text or Markdown file shown to raters")
    .option("--db <url>", "sqlite:PATH or postgres://…", DEFAULT_DB)
    .option("--json", "print JSON on stdout")
    .action(
      async (
        name: string,
        o: DbOption & { schema: string; overlap: number; goldRate: number; guidelines?: string },
      ) => {
        const schema = await parseSchema(o.schema);
        const guidelines = o.guidelines ? await readFile(o.guidelines, "utf8") : "";
        const settings = ProjectSettings.parse({ overlap: o.overlap, goldRate: o.goldRate });
        const p = await withStore(o.db, async (store) => {
          if (await store.getProjectByName(name))
            throw new UsageError(`a project named ${JSON.stringify(name)} exists`);
          return store.createProject({ name, schema, guidelines, settings, now: Date.now() });
        });
        if (o.json) return printJson(ctx, { id: p.id, name: p.name, schema, settings });
        ctx.stdout.write(
          `created project ${p.id} ${JSON.stringify(name)} (${schema.type}, overlap ${o.overlap})\n`,
        );
      },
    );

  project
    .command("list")
    .summary("list projects with their progress")
    .option("--db <url>", "sqlite:PATH or postgres://…", DEFAULT_DB)
    .option("--json", "print JSON on stdout")
    .action(async (o: DbOption) => {
      const rows = await withStore(o.db, async (store) => {
        const out = [];
        for (const p of await store.listProjects()) {
          const c = await store.countItems(p.id);
          out.push({
            id: p.id,
            name: p.name,
            type: (p.schema as LabelSchema).type,
            items: c.total,
            gold: c.gold,
            complete: c.complete,
            judgments: c.judgments,
          });
        }
        return out;
      });
      if (o.json) return printJson(ctx, rows);
      ctx.stdout.write(
        table(
          ["id", "name", "type", "items", "gold", "complete", "judgments"],
          rows.map((r) => [r.id, r.name, r.type, r.items, r.gold, r.complete, r.judgments]),
        ),
      );
    });

  project
    .command("import")
    .summary("import items (JSONL, CSV) or labelled data (Label Studio JSON, Prodigy JSONL)")
    .description(
      "Rows: `id` (else row-N), `gold` (a hidden answer: makes the item a gold item), `priority`, and any other\n" +
        "fields as the item's data (text, image, a/b for pairwise…). Re-importing skips ids already present.",
    )
    .argument("<name>", "project name")
    .argument("<file>", "items file")
    .option(
      "--format <f>",
      "jsonl, csv, labelstudio or prodigy (default: by extension; .json = labelstudio)",
      choiceOption("--format", ["jsonl", "csv", "labelstudio", "prodigy"] as const),
    )
    .option("--db <url>", "sqlite:PATH or postgres://…", DEFAULT_DB)
    .option("--json", "print JSON on stdout")
    .action(
      async (
        name: string,
        file: string,
        o: DbOption & { format?: "jsonl" | "csv" | "labelstudio" | "prodigy" },
      ) => {
        const ext = extname(file).toLowerCase();
        const format = o.format ?? (ext === ".csv" ? "csv" : ext === ".json" ? "labelstudio" : "jsonl");
        const r = await withStore(o.db, async (store) => {
          const lp = await projectNamed(store, name);
          const now = Date.now();
          try {
            if (format === "labelstudio")
              return await importLabelStudio(store, lp, { text: await readFile(file, "utf8"), now });
            if (format === "prodigy")
              return await importProdigy(store, lp, { source: createReadStream(file), now });
            return await importItems(store, lp, { source: createReadStream(file), format, now });
          } catch (e) {
            if (e instanceof VoxServerError) throw new UsageError(`${file}: ${e.message}`);
            throw e;
          }
        });
        if (o.json) return printJson(ctx, { file, format, ...r });
        ctx.stdout.write(
          `imported ${r.inserted} items (${r.gold} gold) from ${file}; ${r.skipped} already present\n`,
        );
      },
    );

  project
    .command("export")
    .summary("export hard, soft and per-rater labels")
    .description(
      "Formats: jsonl, csv, parquet, labelstudio (JSON tasks), hf (a folder: data.jsonl + README.md dataset card\n" +
        "with ClassLabel features). The output appears only when complete.",
    )
    .argument("<name>", "project name")
    .requiredOption("--out <path>", "output file (a folder for --format hf)")
    .option(
      "--format <f>",
      EXPORT_FORMATS.filter((f) => f !== "hf-card").join(", "),
      choiceOption(
        "--format",
        EXPORT_FORMATS.filter((f) => f !== "hf-card"),
      ),
      "jsonl",
    )
    .option("--db <url>", "sqlite:PATH or postgres://…", DEFAULT_DB)
    .option("--json", "print JSON on stdout")
    .action(async (name: string, o: DbOption & { out: string; format: ExportFormat }) => {
      const files = await withStore(o.db, async (store) => {
        const lp = await projectNamed(store, name);
        const write = (path: string, format: ExportFormat) =>
          withAtomicWriter(
            path,
            (w) =>
              writeExport(store, lp, {
                format,
                write: (chunk) =>
                  new Promise<void>((resolve, reject) => {
                    if (ctx.signal.aborted) return reject(new UsageError("interrupted"));
                    w.write(chunk, (e) => (e ? reject(e) : resolve()));
                  }),
              }),
            ctx.signal,
          );
        if (o.format === "hf") {
          mkdirSync(o.out, { recursive: true });
          await write(join(o.out, "data.jsonl"), "hf");
          await write(join(o.out, "README.md"), "hf-card");
          return [join(o.out, "data.jsonl"), join(o.out, "README.md")];
        }
        await write(o.out, o.format);
        return [o.out];
      });
      if (o.json) return printJson(ctx, { format: o.format, files });
      ctx.stdout.write(`wrote ${files.join(" and ")}\n`);
    });
}
