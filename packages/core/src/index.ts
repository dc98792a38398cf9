/**
 * @vox/core: the algorithms of vox on typed arrays. Pure TypeScript with no I/O and no Node-only APIs, so it runs
 * in a browser too. Every random choice takes a seed.
 */

export * from "./active/index.js";
export * from "./active/repeated/index.js";
export * from "./active/simulate/index.js";
export * from "./aggregate/index.js";
export * from "./agreement/index.js";
export * from "./augment/index.js";
export * from "./calibration/index.js";
export * from "./data/index.js";
export * from "./errors/index.js";
export * from "./features/index.js";
export * from "./linalg/index.js";
export * from "./metrics/index.js";
export * from "./models/index.js";
export * from "./quality/index.js";
export * from "./random/index.js";
export * from "./semisupervised/index.js";
export * from "./simulate/index.js";
