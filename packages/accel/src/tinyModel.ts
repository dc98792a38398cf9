// A tiny sentence-embedding model folder, written from scratch: a word-level tokenizer, a BERT-style config and
// an ONNX graph whose hidden states are table look-ups. Tests use it to cover the whole embedding path (folder
// layout, tokenizer, onnxruntime session, pooling) with no download and no shared files; its embeddings are
// known in closed form (the masked mean of the words' rows of `table`, L2-normalised).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeModel } from "./onnx/model.js";

/** What `writeTinyModel` wrote: the folder, its vocabulary (word → id) and the id → hidden-state table. */
export interface TinyModel {
  dir: string;
  vocab: Record<string, number>;
  /** vocab size × hidden, row-major. */
  table: Float32Array;
  hidden: number;
}

/**
 * Writes a tiny model folder at `dir`: config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx.
 * The words are lower-cased and split on whitespace and punctuation; unknown words map to [UNK].
 */
export function writeTinyModel(dir: string, words: readonly string[], hidden = 4): TinyModel {
  const specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"];
  const vocab: Record<string, number> = {};
  for (const w of [...specials, ...words]) vocab[w] ??= Object.keys(vocab).length;
  const size = Object.keys(vocab).length;
  // Deterministic, distinct rows: row v is (v+1, (v+1)², …) scaled, so no two words share a direction.
  const table = new Float32Array(size * hidden);
  for (let v = 0; v < size; v++)
    for (let h = 0; h < hidden; h++)
      table[v * hidden + h] = Math.sin((v + 1) * (h + 1)) + (h === v % hidden ? 1 : 0);
  mkdirSync(join(dir, "onnx"), { recursive: true });
  const config = {
    model_type: "bert",
    architectures: ["BertModel"],
    hidden_size: hidden,
    num_attention_heads: 1,
    num_hidden_layers: 1,
    vocab_size: size,
    max_position_embeddings: 512,
  };
  writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2));
  const tokenizer = {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: specials.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: "Lowercase" },
    pre_tokenizer: { type: "Whitespace" },
    post_processor: null,
    decoder: null,
    model: { type: "WordLevel", vocab, unk_token: "[UNK]" },
  };
  writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(tokenizer));
  const tokenizerConfig = {
    tokenizer_class: "BertTokenizer",
    model_max_length: 512,
    pad_token: "[PAD]",
    unk_token: "[UNK]",
    cls_token: "[CLS]",
    sep_token: "[SEP]",
    do_lower_case: true,
  };
  writeFileSync(join(dir, "tokenizer_config.json"), JSON.stringify(tokenizerConfig, null, 2));
  // last_hidden_state[b, s, :] = table[input_ids[b, s], :] (masking is the pipeline's pooling's job).
  const model = encodeModel({
    name: "tiny_embedder",
    nodes: [
      {
        op: "Gather",
        inputs: ["table", "input_ids"],
        outputs: ["last_hidden_state"],
        attributes: { axis: { i: 0 } },
      },
    ],
    inputs: [
      { name: "input_ids", type: "int64", shape: ["batch", "sequence"] },
      { name: "attention_mask", type: "int64", shape: ["batch", "sequence"] },
    ],
    outputs: [{ name: "last_hidden_state", type: "float32", shape: ["batch", "sequence", hidden] }],
    initializers: [{ name: "table", type: "float32", dims: [size, hidden], data: table }],
  });
  writeFileSync(join(dir, "onnx", "model.onnx"), model);
  return { dir, vocab, table, hidden };
}
