/**
 * @vox/accel: the fast paths of vox that need native code. Importing this package registers an onnxruntime-node
 * linalg backend with @vox/core, so `getBackend()` returns it from then on (the `vox` CLI imports it at start-up
 * when it is installed). It also embeds texts with local sentence-embedding models (@huggingface/transformers).
 */
import { registerBackend } from "@vox/core";
import { createOnnxBackend } from "./onnxBackend.js";

export {
  type Embedder,
  type EmbeddingPrecision,
  type EmbedOptions,
  embedTexts,
  inspectModelFolder,
  type LoadEmbedderOptions,
  loadEmbedder,
  type ModelFolder,
  ModelFolderError,
} from "./embed.js";
export {
  type EncodeModelOptions,
  encodeModel,
  ONNX_TYPES,
  type OnnxAttribute,
  type OnnxElemType,
  type OnnxGraph,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
} from "./onnx/model.js";
export { createOnnxBackend, type OnnxBackendOptions } from "./onnxBackend.js";
export { createSession, SessionCache, type SessionOptions, type SyncSession, tensor } from "./session.js";
export { type TinyModel, writeTinyModel } from "./tinyModel.js";

/** The onnxruntime backend this package registered when it was imported (default options, priority 10). */
export const onnxBackend = createOnnxBackend();
registerBackend(onnxBackend);
