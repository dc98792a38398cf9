import {
  aum,
  crowdlab,
  dataMap,
  findLabelIssues,
  forgettingEvents,
  healthSummary,
  rankLabelIssues,
} from "@vox/core";
import { readAnnotations, readLabels, readMatrix, readTrainingDynamics, writeFileAtomic } from "@vox/io";
import type { Command } from "commander";
import {
  type AnnotationCliOptions,
  addAnnotationOptions,
  annotationReadOptions,
} from "../annotationOptions.js";
import { classColumns, coreCall } from "../classColumns.js";
import { type CliContext, fmt, intOption, log, printJson, UsageError } from "../context.js";
import { barSvg, heatmapSvg, histogramSvg } from "../plots.js";
import { dataMapSvg } from "./dynamics.js";

interface ReportOptions extends AnnotationCliOptions {
  labels?: string;
  probs?: string;
  annotations?: string;
  classes?: string;
  dynamics?: string;
  thresholdClass?: number;
  out: string;
  title: string;
  top: number;
  json?: boolean;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** `vox report`: one self-contained HTML page with the label-quality findings and their charts. */
export function registerReport(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("report")
    .summary("write one self-contained HTML page of label-quality findings with charts")
    .description(
      "Writes a single HTML file (inline SVG charts, no external assets) with what vox issues and vox dynamics find:\n" +
        "label health, the estimated joint of given × true labels, class quality and the worst issues (--labels and\n" +
        "--probs); consensus and annotator quality (--annotations and --probs); data map, AUM and forgetting events\n" +
        "(--dynamics PATH). Give any combination.",
    )
    .option("--labels <file>", "given labels (as for vox issues)")
    .option("--probs <file>", "predicted probabilities (.npy or CSV)")
    .option("--annotations <file>", "several labels per item (CROWDLAB section)")
    .option("--classes <names>", "class names of the probability columns, comma-separated")
    .option("--dynamics <path>", "training dynamics folder (cartography format)")
    .option(
      "--threshold-class <c>",
      "AUM threshold samples' fake class",
      intOption("--threshold-class", { min: 0 }),
    )
    .option("--out <file>", "the HTML file to write", "vox-report.html")
    .option("--title <text>", "page title", "vox label-quality report")
    .option("--top <n>", "rows in the issue tables", intOption("--top", { min: 0 }), 25);
  addAnnotationOptions(cmd)
    .option("--json", "print a JSON summary on stdout")
    .action(async (o: ReportOptions) => {
      if (!o.dynamics && !(o.probs && (o.labels || o.annotations))) {
        throw new UsageError("give --labels and --probs, --annotations and --probs, and/or --dynamics PATH");
      }
      const io = { progress: ctx.stderr, signal: ctx.signal };
      const sections: string[] = [];
      const summary: Record<string, unknown> = { out: o.out };
      if (o.labels && o.probs) {
        const lab = await readLabels(o.labels, io);
        const { matrix: probs, header } = await readMatrix(o.probs, io);
        if (lab.labels.length !== probs.rows) {
          throw new UsageError(
            `${o.labels} has ${lab.labels.length} labels but ${o.probs} has ${probs.rows} rows`,
          );
        }
        const distinct = [...new Set(lab.labels)];
        const cols = classColumns(distinct, {
          k: probs.cols,
          header,
          classes: o.classes,
          probsPath: o.probs,
        });
        const code = new Map(distinct.map((d, i) => [d, cols.columnOf[i]!]));
        const labels = Int32Array.from(lab.labels, (l) => code.get(l)!);
        const names = cols.columnNames;
        const found = coreCall(() => findLabelIssues(labels, probs));
        const ranked = rankLabelIssues(labels, probs, { flagged: found.indices });
        const h = healthSummary(labels, probs);
        summary.labels = {
          examples: labels.length,
          issues: found.indices.length,
          overallLabelHealth: h.overallLabelHealth,
        };
        const rows = Array.from(ranked.ranked.subarray(0, o.top), (i) => {
          let best = 0;
          for (let c = 1; c < probs.cols; c++)
            if (probs.data[i * probs.cols + c]! > probs.data[i * probs.cols + best]!) best = c;
          return [lab.items?.[i] ?? String(i), names[labels[i]!]!, names[best]!, fmt(ranked.scores[i]!)];
        });
        sections.push(
          `<h2>Label issues (confident learning)</h2><p>${labels.length} examples; prune_by_noise_rate flags ` +
            `<b>${found.indices.length}</b> (${fmt((100 * found.indices.length) / labels.length, 1)}%). Overall label health ` +
            `<b>${fmt(h.overallLabelHealth)}</b>: the share of labels the confident joint considers correct.</p>`,
          heatmapSvg({
            values: h.joint.data,
            size: h.joint.rows,
            labels: names,
            title: "Estimated joint p(given label, true label)",
            rowLabel: "given label",
            colLabel: "true label",
          }),
          barSvg({
            labels: h.classes.map((c) => names[c.class]!),
            values: h.classes.map((c) => c.labelQuality),
            title: "Label quality per class: p(true = k | given = k)",
            xLabel: "label quality",
          }),
          htmlTable(
            ["example", "given", "suggested", "self-confidence"],
            rows,
            `Worst ${rows.length} issues`,
          ),
        );
      }
      if (o.annotations && o.probs) {
        const read = await readAnnotations(o.annotations, annotationReadOptions(o, ctx));
        let a = read.annotations;
        const { matrix: probs, header } = await readMatrix(o.probs, io);
        if (a.items.length !== probs.rows) {
          throw new UsageError(
            `${o.probs} has ${probs.rows} rows but ${o.annotations} has ${a.items.length} items`,
          );
        }
        const cols = classColumns(a.classes, {
          k: probs.cols,
          header,
          classes: o.classes,
          probsPath: o.probs,
        });
        a = { ...a, classes: cols.columnNames, label: Int32Array.from(a.label, (c) => cols.columnOf[c]!) };
        const r = coreCall(() => crowdlab(a, probs));
        summary.annotations = { items: a.items.length, raters: a.raters.length, modelWeight: r.modelWeight };
        const shown = r.annotators.slice(0, 40);
        sections.push(
          `<h2>Annotators (CROWDLAB)</h2><p>${a.items.length} items, ${a.raters.length} annotators; model weight ` +
            `${fmt(r.modelWeight)}.</p>`,
          barSvg({
            labels: shown.map((s) => a.raters[s.rater]!),
            values: shown.map((s) => s.quality),
            title: "Annotator quality, worst first",
            xLabel: "quality",
          }),
          htmlTable(
            ["annotator", "quality", "agreement", "worst class", "labeled"],
            shown.map((s) => [
              a.raters[s.rater]!,
              fmt(s.quality),
              fmt(s.agreementWithConsensus),
              cols.columnNames[s.worstClass] ?? "–",
              String(s.numLabeled),
            ]),
            "Annotators",
          ),
        );
      }
      if (o.dynamics) {
        const d = await readTrainingDynamics(o.dynamics, io);
        const m = dataMap(d);
        const f = forgettingEvents(d);
        const r = coreCall(() =>
          aum(d, o.thresholdClass === undefined ? {} : { thresholdClass: o.thresholdClass }),
        );
        let never = 0;
        for (const v of f.neverLearned) never += v;
        summary.dynamics = {
          examples: d.examples,
          epochs: d.epochs,
          neverLearned: never,
          aumThreshold: r.threshold ?? null,
        };
        sections.push(
          `<h2>Training dynamics</h2><p>${d.examples} examples over ${d.epochs} epochs; ${never} never learned. Low ` +
            "confidence with low variability (bottom left) marks hard-to-learn examples, often mislabeled; high " +
            "variability marks ambiguous ones.</p>",
          dataMapSvg(m),
          histogramSvg({
            values: r.aum,
            title:
              r.threshold === undefined
                ? "Area under the margin"
                : `Area under the margin (threshold ${fmt(r.threshold)})`,
            xLabel: "AUM",
            ...(r.threshold === undefined ? {} : { marker: r.threshold }),
          }),
        );
      }
      const html =
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(o.title)}</title><style>` +
        "body{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}" +
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}" +
        "svg{display:block;margin:1em 0;max-width:100%;height:auto}</style></head><body>" +
        `<h1>${esc(o.title)}</h1>${sections.join("\n")}<p><small>Generated by vox ${new Date().toISOString().slice(0, 10)}. ` +
        "Methods: Northcutt et al. 2021; Goh et al. 2022; Swayamdipta et al. 2020; Toneva et al. 2019; Pleiss et al. 2020.</small></p></body></html>\n";
      await writeFileAtomic(o.out, html);
      log(ctx, `wrote ${o.out} (${html.length} bytes)`);
      if (o.json) printJson(ctx, summary);
    });
}

function htmlTable(head: string[], rows: string[][], caption: string): string {
  return (
    `<table><caption>${esc(caption)}</caption><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr>` +
    rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("") +
    "</table>"
  );
}
