// Self-contained SVG charts for `vox dynamics --plot` and `vox report`: plain strings, no external assets, so they
// inline into one HTML page. PNG output renders the same SVG with Skia (@napi-rs/canvas).

/** A categorical palette (Okabe–Ito, readable by colour-blind people). */
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const num = (x: number) => (Math.round(x * 100) / 100).toString();

/** A scatter plot. */
export interface ScatterSpec {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Category of each point (index into `legend`), for colour. */
  group?: ArrayLike<number>;
  legend?: readonly string[];
  title: string;
  xLabel: string;
  yLabel: string;
  /** Axis ranges; default the data's range. */
  xRange?: [number, number];
  yRange?: [number, number];
  /** Draw at most this many points (an even stride over the rest). Default 20000. */
  maxPoints?: number;
}

/** An SVG scatter plot (data maps: variability × confidence, coloured by correctness). */
export function scatterSvg(spec: ScatterSpec): string {
  const width = 640;
  const height = 480;
  const m = { left: 64, right: 150, top: 40, bottom: 52 };
  const n = spec.x.length;
  const [x0, x1] = spec.xRange ?? extent(spec.x);
  const [y0, y1] = spec.yRange ?? extent(spec.y);
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const sx = (v: number) => m.left + ((v - x0) / (x1 - x0 || 1)) * pw;
  const sy = (v: number) => m.top + ph - ((v - y0) / (y1 - y0 || 1)) * ph;
  const step = Math.max(1, Math.ceil(n / (spec.maxPoints ?? 20000)));
  const dots: string[] = [];
  for (let i = 0; i < n; i += step) {
    const g = spec.group ? spec.group[i]! : 0;
    dots.push(
      `<circle cx="${num(sx(spec.x[i]!))}" cy="${num(sy(spec.y[i]!))}" r="2.2" fill="${PALETTE[g % PALETTE.length]}" fill-opacity="0.55"/>`,
    );
  }
  const legend = (spec.legend ?? [])
    .map(
      (name, g) =>
        `<circle cx="${width - m.right + 18}" cy="${m.top + 10 + g * 18}" r="5" fill="${PALETTE[g % PALETTE.length]}"/>` +
        `<text x="${width - m.right + 28}" y="${m.top + 14 + g * 18}" font-size="11">${escapeXml(name)}</text>`,
    )
    .join("");
  const note = step > 1 ? ` (every ${step}th of ${n} points)` : "";
  return svg(width, height, [
    axes({ m, width, height, x: [x0, x1], y: [y0, y1], xLabel: spec.xLabel, yLabel: spec.yLabel }),
    `<text x="${m.left}" y="24" font-size="14" font-weight="bold">${escapeXml(spec.title + note)}</text>`,
    `<g>${dots.join("")}</g>`,
    legend,
  ]);
}

/** One line of a line chart. */
export interface LineSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Optional band (e.g. ± one standard deviation across seeds), drawn shaded behind the line. */
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
}

/** An SVG line chart with one coloured line per series (learning curves: accuracy against labels). */
export function lineSvg(spec: {
  series: readonly LineSeries[];
  title: string;
  xLabel: string;
  yLabel: string;
  yRange?: [number, number];
  /** Horizontal reference lines (e.g. full-data accuracy), dashed. */
  references?: readonly { label: string; y: number }[];
}): string {
  const width = 640;
  const height = 480;
  const m = { left: 64, right: 150, top: 40, bottom: 52 };
  const xs = spec.series.flatMap((s) => Array.from(s.x));
  const ys = spec.series.flatMap((s) => [
    ...Array.from(s.y),
    ...Array.from(s.lower ?? []),
    ...Array.from(s.upper ?? []),
  ]);
  for (const r of spec.references ?? []) ys.push(r.y);
  const [x0, x1] = extent(xs);
  const [y0, y1] = spec.yRange ?? extent(ys.filter(Number.isFinite));
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const sx = (v: number) => num(m.left + ((v - x0) / (x1 - x0 || 1)) * pw);
  const sy = (v: number) => num(m.top + ph - ((Math.min(Math.max(v, y0), y1) - y0) / (y1 - y0 || 1)) * ph);
  const parts: string[] = [];
  spec.series.forEach((s, g) => {
    const colour = PALETTE[g % PALETTE.length];
    if (s.lower && s.upper) {
      const top = Array.from(s.x, (x, i) => `${sx(x)},${sy(s.upper![i]!)}`);
      const bottom = Array.from(s.x, (x, i) => `${sx(x)},${sy(s.lower![i]!)}`).reverse();
      parts.push(`<polygon points="${[...top, ...bottom].join(" ")}" fill="${colour}" fill-opacity="0.15"/>`);
    }
    const pts = Array.from(s.x, (x, i) => `${sx(x)},${sy(s.y[i]!)}`).join(" ");
    parts.push(`<polyline points="${pts}" fill="none" stroke="${colour}" stroke-width="1.8"/>`);
    parts.push(
      `<line x1="${width - m.right + 12}" x2="${width - m.right + 26}" y1="${m.top + 10 + g * 18}" y2="${m.top + 10 + g * 18}" stroke="${colour}" stroke-width="3"/>` +
        `<text x="${width - m.right + 30}" y="${m.top + 14 + g * 18}" font-size="11">${escapeXml(s.name)}</text>`,
    );
  });
  for (const r of spec.references ?? []) {
    parts.push(
      `<line x1="${m.left}" x2="${m.left + pw}" y1="${sy(r.y)}" y2="${sy(r.y)}" stroke="#555" stroke-dasharray="5,4"/>` +
        `<text x="${m.left + pw - 4}" y="${Number(sy(r.y)) - 4}" font-size="10" text-anchor="end">${escapeXml(r.label)}</text>`,
    );
  }
  return svg(width, height, [
    axes({ m, width, height, x: [x0, x1], y: [y0, y1], xLabel: spec.xLabel, yLabel: spec.yLabel }),
    `<text x="${m.left}" y="24" font-size="14" font-weight="bold">${escapeXml(spec.title)}</text>`,
    ...parts,
  ]);
}

/** A horizontal bar chart. */
export function barSvg(spec: {
  labels: readonly string[];
  values: readonly number[];
  title: string;
  xLabel: string;
}): string {
  const barH = 20;
  const m = { left: 160, right: 60, top: 40, bottom: 40 };
  const width = 640;
  const height = m.top + m.bottom + spec.labels.length * (barH + 6);
  const max = Math.max(...spec.values, 1e-12);
  const pw = width - m.left - m.right;
  const bars = spec.labels.map((label, i) => {
    const y = m.top + i * (barH + 6);
    const w = (spec.values[i]! / max) * pw;
    return (
      `<text x="${m.left - 6}" y="${y + 14}" font-size="11" text-anchor="end">${escapeXml(label)}</text>` +
      `<rect x="${m.left}" y="${y}" width="${num(w)}" height="${barH}" fill="${PALETTE[0]}"/>` +
      `<text x="${num(m.left + w + 4)}" y="${y + 14}" font-size="11">${fmtTick(spec.values[i]!)}</text>`
    );
  });
  return svg(width, height, [
    `<text x="${m.left}" y="24" font-size="14" font-weight="bold">${escapeXml(spec.title)}</text>`,
    ...bars,
    `<text x="${m.left + pw / 2}" y="${height - 10}" font-size="12" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
  ]);
}

/** A heat map of a square matrix (the estimated joint of given × true labels). */
export function heatmapSvg(spec: {
  values: ArrayLike<number>;
  size: number;
  labels: readonly string[];
  title: string;
  rowLabel: string;
  colLabel: string;
}): string {
  const cell = Math.max(18, Math.min(60, Math.floor(420 / spec.size)));
  const m = { left: 120, top: 60, right: 20, bottom: 50 };
  const width = m.left + m.right + cell * spec.size;
  const height = m.top + m.bottom + cell * spec.size;
  let max = 0;
  for (let i = 0; i < spec.values.length; i++) max = Math.max(max, spec.values[i]!);
  const cells: string[] = [];
  for (let r = 0; r < spec.size; r++) {
    for (let c = 0; c < spec.size; c++) {
      const v = spec.values[r * spec.size + c]!;
      const t = max > 0 ? v / max : 0;
      const shade = Math.round(255 - t * 200);
      const x = m.left + c * cell;
      const y = m.top + r * cell;
      cells.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="rgb(${shade},${shade},255)" stroke="#fff"/>` +
          (cell >= 30
            ? `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" font-size="10" text-anchor="middle">${fmtTick(v)}</text>`
            : ""),
      );
    }
    cells.push(
      `<text x="${m.left - 6}" y="${m.top + r * cell + cell / 2 + 4}" font-size="11" text-anchor="end">${escapeXml(spec.labels[r] ?? String(r))}</text>`,
    );
  }
  for (let c = 0; c < spec.size; c++) {
    cells.push(
      `<text x="${m.left + c * cell + cell / 2}" y="${m.top - 6}" font-size="11" text-anchor="middle">${escapeXml(spec.labels[c] ?? String(c))}</text>`,
    );
  }
  return svg(width, height, [
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(spec.title)}</text>`,
    `<text x="${m.left}" y="38" font-size="11">columns: ${escapeXml(spec.colLabel)}; rows: ${escapeXml(spec.rowLabel)}</text>`,
    ...cells,
  ]);
}

/** A histogram of values in [lo, hi]. */
export function histogramSvg(spec: {
  values: ArrayLike<number>;
  bins?: number;
  title: string;
  xLabel: string;
  marker?: number;
}): string {
  const bins = spec.bins ?? 40;
  const [lo, hi] = extent(spec.values);
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < spec.values.length; i++) {
    const b = Math.min(bins - 1, Math.floor(((spec.values[i]! - lo) / (hi - lo || 1)) * bins));
    counts[b]!++;
  }
  const width = 640;
  const height = 360;
  const m = { left: 64, right: 20, top: 40, bottom: 52 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const max = Math.max(...counts, 1);
  const bw = pw / bins;
  const rects = counts.map((c, b) => {
    const h = (c / max) * ph;
    return `<rect x="${num(m.left + b * bw)}" y="${num(m.top + ph - h)}" width="${num(bw - 1)}" height="${num(h)}" fill="${PALETTE[0]}"/>`;
  });
  const marker =
    spec.marker === undefined
      ? ""
      : `<line x1="${num(m.left + ((spec.marker - lo) / (hi - lo || 1)) * pw)}" x2="${num(m.left + ((spec.marker - lo) / (hi - lo || 1)) * pw)}" y1="${m.top}" y2="${m.top + ph}" stroke="${PALETTE[3]}" stroke-width="2"/>`;
  return svg(width, height, [
    axes({ m, width, height, x: [lo, hi], y: [0, max], xLabel: spec.xLabel, yLabel: "examples" }),
    `<text x="${m.left}" y="24" font-size="14" font-weight="bold">${escapeXml(spec.title)}</text>`,
    ...rects,
    marker,
  ]);
}

/**
 * Renders an SVG string to PNG bytes at twice the SVG's size (crisp on high-density screens), with Skia through
 * @napi-rs/canvas (MIT; fonts from the system).
 */
export async function svgToPng(svgText: string): Promise<Uint8Array> {
  const { createCanvas, Image } = await import("@napi-rs/canvas");
  const image = new Image();
  image.src = Buffer.from(svgText);
  const scale = 2;
  const canvas = createCanvas(Math.max(1, image.width * scale), Math.max(1, image.height * scale));
  canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.encode("png");
}

function svg(width: number, height: number, parts: string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/>${parts.join("")}</svg>\n`
  );
}

function axes(a: {
  m: { left: number; right: number; top: number; bottom: number };
  width: number;
  height: number;
  x: [number, number];
  y: [number, number];
  xLabel: string;
  yLabel: string;
}): string {
  const { m, width, height } = a;
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const out: string[] = [
    `<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`,
  ];
  for (let t = 0; t <= 4; t++) {
    const xv = a.x[0] + ((a.x[1] - a.x[0]) * t) / 4;
    const yv = a.y[0] + ((a.y[1] - a.y[0]) * t) / 4;
    const px = m.left + (pw * t) / 4;
    const py = m.top + ph - (ph * t) / 4;
    out.push(
      `<text x="${num(px)}" y="${m.top + ph + 16}" font-size="10" text-anchor="middle">${fmtTick(xv)}</text>`,
      `<text x="${m.left - 6}" y="${num(py + 3)}" font-size="10" text-anchor="end">${fmtTick(yv)}</text>`,
    );
  }
  out.push(
    `<text x="${m.left + pw / 2}" y="${height - 12}" font-size="12" text-anchor="middle">${escapeXml(a.xLabel)}</text>`,
    `<text x="16" y="${m.top + ph / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 16 ${m.top + ph / 2})">${escapeXml(a.yLabel)}</text>`,
  );
  return out.join("");
}

function extent(v: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    if (v[i]! < lo) lo = v[i]!;
    if (v[i]! > hi) hi = v[i]!;
  }
  return lo === Infinity ? [0, 1] : [lo, hi];
}

function fmtTick(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 1 ? x.toFixed(2) : x.toFixed(3);
}
