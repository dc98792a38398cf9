// `npm run bench -- io [--judgments N]`: reading long-format annotations. Writes a synthetic file of N judgments
// (default 10M: 1M items × 10 raters drawn from 10k, 5 classes) and reads it in fresh processes with vox's reader,
// csv-parse alone (the parsing floor) and pandas.read_csv + factorize (what a crowd-kit user runs), reporting
// rows/s and peak RSS. The file is deleted afterwards.
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "@vox/core";
import { markdownTable, report, runChild, runExternal } from "./_util.js";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const judgments = arg("--judgments", 10_000_000);
const perItem = 10;
const items = Math.ceil(judgments / perItem);
const raters = 10_000;

const dir = mkdtempSync(join(tmpdir(), "vox-bench-io-"));
const path = join(dir, "answers.csv");
process.stderr.write(`writing ${judgments} judgments to ${path}\n`);
await new Promise<void>((resolve, reject) => {
  const rng = createRng(1);
  const out = createWriteStream(path);
  out.on("error", reject);
  out.write("item,rater,label\n");
  let n = 0;
  let base = 0;
  const pump = () => {
    while (n < judgments) {
      let chunk = "";
      for (let k = 0; k < 10_000 && n < judgments; k++, n++) {
        // Ten distinct raters per item: a random start, then steps of 997 (coprime with 10k).
        if (n % perItem === 0) base = rng.int(raters);
        chunk += `item${Math.floor(n / perItem)},worker${(base + (n % perItem) * 997) % raters},class${rng.int(5)}\n`;
      }
      if (!out.write(chunk)) return void out.once("drain", pump);
    }
    out.end(resolve);
  };
  pump();
});
const bytes = statSync(path).size;

type Run = { rows: number; seconds: number; peakRssMiB: number };
const runs: { reader: string; run: Run }[] = [];
for (const mode of ["vox", "csv-parse"]) {
  process.stderr.write(`reading with ${mode}\n`);
  runs.push({
    reader: mode === "vox" ? "vox readAnnotations (parse + encode)" : "csv-parse only (no encoding)",
    run: runChild<Run>("bench/_ioChild.ts", [mode, path]),
  });
}
process.stderr.write("reading with pandas\n");
const pandas = runExternal<Run & { pandas: string }>("/usr/bin/python3", ["bench/_pandas_read.py", path]);
if (pandas) runs.push({ reader: `pandas ${pandas.pandas} read_csv + factorize`, run: pandas });
rmSync(dir, { recursive: true, force: true });

const vox = runs[0]!.run;
const rows = runs.map(({ reader, run }) => [
  reader,
  run.rows,
  run.seconds,
  Math.round(run.rows / run.seconds / 1000),
  Math.round(run.peakRssMiB),
  run === vox ? "1.00" : (run.seconds / vox.seconds).toFixed(2),
]);
const markdown = [
  `Reading ${judgments.toLocaleString("en")} judgments (${(bytes / 2 ** 20).toFixed(0)} MiB CSV; ${items.toLocaleString("en")} items, ${raters} raters, 5 classes), one fresh process per reader:`,
  "",
  markdownTable(["reader", "rows", "seconds", "k rows/s", "peak RSS MiB", "time vs vox"], rows),
].join("\n");
report("io", { judgments, bytes, runs, markdown });
