import { VoxIoError } from "@vox/io";
import { VoxLlmError } from "@vox/llm";
import { CommanderError } from "commander";
import { loadAccel } from "./accel.js";
import { type CliIo, UsageError } from "./context.js";
import { createProgram } from "./program.js";

/** Exit codes of `vox`. */
export const EXIT = { ok: 0, internal: 1, badInput: 2, interrupted: 130 } as const;

/**
 * Runs `vox` with `argv` (without the node and script paths) and returns the exit code instead of exiting, so tests
 * run it in-process. Bad input (a VoxIoError or a usage error) → 2 with a one-line message; anything unexpected → 1;
 * an aborted run (Ctrl-C) → 130.
 */
export async function main(
  argv: readonly string[],
  io: CliIo = process,
  signal?: AbortSignal,
): Promise<number> {
  const controller = new AbortController();
  if (signal) {
    if (signal.aborted) controller.abort();
    else signal.addEventListener("abort", () => controller.abort(), { once: true });
  }
  const ctx = { stdout: io.stdout, stderr: io.stderr, signal: controller.signal };
  await loadAccel(); // registers the onnxruntime kernels with @vox/core when @vox/accel is installed
  const program = createProgram(ctx);
  if (argv.length === 0) {
    io.stdout.write(program.helpInformation());
    return EXIT.ok;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and --version end with exit code 0; commander has already printed any error message.
      return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (e instanceof VoxIoError) {
      if (e.code === "ABORTED") {
        io.stderr.write("vox: interrupted; nothing was written\n");
        return EXIT.interrupted;
      }
      io.stderr.write(`vox: ${e.message}\n`);
      return EXIT.badInput;
    }
    if (e instanceof VoxLlmError) {
      // An LLM server that fails is not a vox bug: say what the server did; configuration mistakes are usage errors.
      if (e.code === "ABORTED" || controller.signal.aborted) {
        io.stderr.write("vox: interrupted; nothing was written\n");
        return EXIT.interrupted;
      }
      io.stderr.write(`vox: ${e.code === "CONFIG" ? "" : "LLM request failed: "}${e.message}\n`);
      return e.code === "CONFIG" ? EXIT.badInput : EXIT.internal;
    }
    if (controller.signal.aborted) {
      io.stderr.write("vox: interrupted; nothing was written\n");
      return EXIT.interrupted;
    }
    if (e instanceof UsageError) {
      io.stderr.write(`vox: ${e.message}\n`);
      return EXIT.badInput;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr.write(`vox: internal error: ${err.message}\n`);
    if (process.env.VOX_DEBUG) io.stderr.write(`${err.stack}\n`);
    else io.stderr.write("(set VOX_DEBUG=1 for the stack trace; please report this)\n");
    return EXIT.internal;
  }
}

/**
 * The process entry point: runs `main` with the process's streams, turning the first Ctrl-C into a clean abort
 * (outputs are atomic, so nothing half-written remains) and a second one into an immediate exit.
 */
export async function run(): Promise<void> {
  const controller = new AbortController();
  // `vox … | head` closes the pipe early: stop quietly, as Unix tools do.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(EXIT.ok);
    throw e;
  });
  let interrupts = 0;
  process.on("SIGINT", () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    controller.abort();
  });
  process.exitCode = await main(process.argv.slice(2), process, controller.signal);
}
