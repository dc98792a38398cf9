// A stand-in for all-MiniLM-L6-v2 when no real model is at hand: a BERT encoder with MiniLM-L6's shape (6 layers,
// hidden 384, 12 heads, feed-forward 1536) and random weights, written with vox's ONNX encoder, behind the
// word-level tokenizer of the tiny test model. Its embeddings mean nothing; its arithmetic per token is MiniLM's
// (no position or token-type embeddings, which cost no FLOPs), so texts/s estimates what the real model would do
// here. Word-level tokens are fewer than WordPiece's (no [CLS]/[SEP], no sub-words), so the estimate is high.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeModel, type OnnxNode, type OnnxTensor, writeTinyModel } from "@vox/accel";
import { createRng } from "@vox/core";

const HIDDEN = 384;
const HEADS = 12;
const FFN = 1536;
const LAYERS = 6;

/** Writes the proxy model folder at `dir` with a vocabulary of `words`; returns the folder. */
export function writeMiniLmProxy(dir: string, words: readonly string[]): string {
  const tiny = writeTinyModel(dir, words, HIDDEN);
  const vocab = tiny.table.length / HIDDEN;
  const rng = createRng(42);
  const inits: OnnxTensor[] = [];
  const weight = (name: string, dims: number[], scale = 0.05) => {
    const n = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let p = 0; p < n; p++) data[p] = scale * rng.normal();
    inits.push({ name, type: "float32", dims, data });
    return name;
  };
  const constant = (name: string, values: number[], type: "float32" | "int64" = "float32") => {
    const data = type === "int64" ? BigInt64Array.from(values.map(BigInt)) : Float32Array.from(values);
    inits.push({ name, type, dims: [values.length], data });
    return name;
  };
  const ones = (name: string, n: number) => constant(name, new Array(n).fill(1));
  const zeros = (name: string, n: number) => constant(name, new Array(n).fill(0));
  const nodes: OnnxNode[] = [];
  // op(type, inputs, output) or op(type, inputs, [output, attributes]): appends a node, returns its output.
  const op = (
    o: string,
    inputs: string[],
    output: string | [string, NonNullable<OnnxNode["attributes"]>],
  ) => {
    const [out, attributes] = typeof output === "string" ? [output, undefined] : output;
    nodes.push({ op: o, inputs, outputs: [out], ...(attributes ? { attributes } : {}) });
    return out;
  };
  const dense = (x: string, p: string, dims: [number, number]) =>
    op("Add", [op("MatMul", [x, weight(`${p}_w`, dims)], `${p}_mm`), weight(`${p}_b`, [dims[1]], 0.01)], p);
  const layerNorm = (x: string, p: string) =>
    op(
      "LayerNormalization",
      [x, ones(`${p}_g`, HIDDEN), zeros(`${p}_beta`, HIDDEN)],
      [p, { axis: { i: -1 }, epsilon: { f: 1e-12 } }],
    );
  const headShape = constant("head_shape", [0, 0, HEADS, HIDDEN / HEADS], "int64");
  const flatShape = constant("flat_shape", [0, 0, HIDDEN], "int64");

  // Mask bias [b, 1, 1, s]: 0 on tokens, −10000 on padding.
  const maskF = op("Cast", ["attention_mask"], ["mask_f", { to: { i: 1 } }]);
  const inv = op("Sub", [constant("one", [1]), maskF], "mask_inv");
  const bias2 = op("Mul", [inv, constant("neg", [-10000])], "mask_bias2");
  const bias = op("Unsqueeze", [bias2, constant("mask_axes", [1, 2], "int64")], "mask_bias");

  let x = layerNorm(op("Gather", [weight("word_emb", [vocab, HIDDEN]), "input_ids"], "emb"), "emb_ln");
  for (let l = 0; l < LAYERS; l++) {
    const p = `l${l}`;
    const heads = (name: string, perm: number[]) =>
      op(
        "Transpose",
        [op("Reshape", [dense(x, `${p}_${name}`, [HIDDEN, HIDDEN]), headShape], `${p}_${name}_r`)],
        [`${p}_${name}_t`, { perm: { ints: perm } }],
      );
    const q = heads("q", [0, 2, 1, 3]);
    const k = heads("k", [0, 2, 3, 1]);
    const v = heads("v", [0, 2, 1, 3]);
    const scores = op(
      "Mul",
      [op("MatMul", [q, k], `${p}_qk`), constant(`${p}_scale`, [1 / Math.sqrt(HIDDEN / HEADS)])],
      `${p}_scaled`,
    );
    const probs = op(
      "Softmax",
      [op("Add", [scores, bias], `${p}_masked`)],
      [`${p}_probs`, { axis: { i: -1 } }],
    );
    const ctx = op(
      "Transpose",
      [op("MatMul", [probs, v], `${p}_ctx`)],
      [`${p}_ctx_t`, { perm: { ints: [0, 2, 1, 3] } }],
    );
    const attn = dense(op("Reshape", [ctx, flatShape], `${p}_ctx_flat`), `${p}_o`, [HIDDEN, HIDDEN]);
    const h = layerNorm(op("Add", [attn, x], `${p}_res1`), `${p}_ln1`);
    // GELU(u) = u · Φ(u) = 0.5 · u · (1 + erf(u / √2)).
    const u = dense(h, `${p}_ff1`, [HIDDEN, FFN]);
    const erf = op("Erf", [op("Mul", [u, constant(`${p}_isqrt2`, [Math.SQRT1_2])], `${p}_u2`)], `${p}_erf`);
    const gelu = op(
      "Mul",
      [
        op("Mul", [u, op("Add", [erf, constant(`${p}_1`, [1])], `${p}_1erf`)], `${p}_ug`),
        constant(`${p}_half`, [0.5]),
      ],
      `${p}_gelu`,
    );
    const f = dense(gelu, `${p}_ff2`, [FFN, HIDDEN]);
    x = layerNorm(op("Add", [f, h], `${p}_res2`), `${p}_ln2`);
  }
  nodes.push({ op: "Identity", inputs: [x], outputs: ["last_hidden_state"] });
  const model = encodeModel({
    name: "minilm_l6_proxy",
    nodes,
    inputs: [
      { name: "input_ids", type: "int64", shape: ["batch", "sequence"] },
      { name: "attention_mask", type: "int64", shape: ["batch", "sequence"] },
    ],
    outputs: [{ name: "last_hidden_state", type: "float32", shape: ["batch", "sequence", HIDDEN] }],
    initializers: inits,
  });
  writeFileSync(join(dir, "onnx", "model.onnx"), model);
  const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
  writeFileSync(
    join(dir, "config.json"),
    JSON.stringify({
      ...config,
      num_attention_heads: HEADS,
      num_hidden_layers: LAYERS,
      intermediate_size: FFN,
    }),
  );
  return dir;
}
