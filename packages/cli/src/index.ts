/** The `vox` command-line interface as a library: `main(argv, io)` runs it in-process and returns the exit code. */
export { type CliContext, type CliIo, UsageError } from "./context.js";
export { EXIT, main, run } from "./main.js";
export { createProgram, VERSION } from "./program.js";
