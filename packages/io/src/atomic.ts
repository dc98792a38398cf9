import { randomBytes } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { VoxIoError } from "./errors.js";

/** Throws VoxIoError ABORTED when `signal` has fired (long writers call this between chunks). */
export function throwIfAborted(signal: AbortSignal | undefined, path: string): void {
  if (signal?.aborted) throw new VoxIoError("ABORTED", { path }, "interrupted");
}

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

/**
 * Writes a whole file atomically: to a temporary file in the same folder, then renamed over `path`. A crash or an
 * error leaves the old file (or none), never half a file.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, data, { flush: true });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** A streaming writer whose output appears at its path only on `commit()`. */
export interface AtomicWriter {
  /** Write here (strings are UTF-8). */
  readonly stream: WriteStream;
  /** Flushes, closes and renames the temporary file over the target. */
  commit(): Promise<void>;
  /** Discards everything written; the target is untouched. Safe to call after a failed commit. */
  abort(): Promise<void>;
}

/** Opens a streaming atomic writer for large outputs (see `writeFileAtomic`). */
export function createAtomicWriter(path: string): AtomicWriter {
  const tmp = tempPathFor(path);
  const stream = createWriteStream(tmp, { flush: true });
  let failure: Error | undefined;
  stream.on("error", (e) => {
    failure = e;
  });
  return {
    stream,
    async commit() {
      await new Promise<void>((resolve, reject) => {
        if (failure) return reject(failure);
        stream.once("error", reject);
        stream.end(() => resolve());
      });
      await rename(tmp, path);
    },
    async abort() {
      stream.destroy();
      await new Promise((r) => setImmediate(r));
      await rm(tmp, { force: true });
    },
  };
}

/**
 * Runs `write` against an atomic writer and commits; on any error, or when `signal` has fired by the time writing
 * ends, removes the temporary file and rethrows, so no partial output is ever left at `path`.
 */
export async function withAtomicWriter(
  path: string,
  write: (w: WriteStream) => Promise<void> | void,
  signal?: AbortSignal,
): Promise<void> {
  const w = createAtomicWriter(path);
  try {
    await write(w.stream);
    throwIfAborted(signal, path);
    await w.commit();
  } catch (e) {
    await w.abort();
    throw e;
  }
}

/** Writes `chunk`, waiting for the stream to drain when its buffer is full (keeps memory flat on big outputs). */
export async function writeChunk(stream: WriteStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once("drain", resolve));
}
