// Child process of bench/io.ts: reads one file one way and prints {rows, seconds, peakRssMiB} as JSON.
import { createReadStream } from "node:fs";
import { readAnnotations } from "@vox/io";
import { parse } from "csv-parse";

const [mode, path] = process.argv.slice(2) as [string, string];
const t0 = performance.now();
let rows = 0;
let extra: Record<string, number> = {};
if (mode === "vox") {
  const r = await readAnnotations(path, { progress: false });
  rows = r.annotations.item.length;
  extra = { items: r.annotations.items.length, raters: r.annotations.raters.length };
} else if (mode === "csv-parse") {
  // The parsing floor: the same library vox uses, records counted and dropped.
  for await (const _ of createReadStream(path, { highWaterMark: 1 << 20 }).pipe(parse({ bom: true }))) rows++;
  rows--; // header
} else throw new Error(`unknown mode ${mode}`);
const seconds = (performance.now() - t0) / 1000;
const peakRssMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ rows, seconds, peakRssMiB, ...extra })}\n`);
