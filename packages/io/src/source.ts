import { createReadStream, statSync } from "node:fs";
import { PassThrough, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { VoxIoError } from "./errors.js";
import { createProgress, type ProgressStream } from "./progress.js";

/** Options shared by every reader. */
export interface SourceOptions {
  /** Show progress on this stream when it is a terminal; false for none. Default: process.stderr. */
  progress?: ProgressStream | false;
  /** Cancels the read; the reader then throws a VoxIoError with code ABORTED. */
  signal?: AbortSignal;
}

/** Throws NOT_FOUND unless `path` is a readable regular file; returns its size in bytes. */
export function checkFile(path: string): number {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new VoxIoError("NOT_FOUND", { path }, "not a regular file");
    size = st.size;
  } catch (e) {
    if (e instanceof VoxIoError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new VoxIoError(
      "NOT_FOUND",
      { path, cause: e },
      code === "ENOENT" ? "no such file" : `cannot read (${code})`,
    );
  }
  return size;
}

/** The file name without a trailing ".gz", lower-cased, for choosing a format by extension. */
export function logicalName(path: string): string {
  return path.toLowerCase().replace(/\.gz$/, "");
}

/**
 * Opens a file as a byte stream, gunzipping `.gz` files, with progress (bytes of the file read) on a terminal.
 * The returned stream errors with ABORTED when `signal` fires.
 */
export function openSource(path: string, options: SourceOptions & { label?: string } = {}): Readable {
  const size = checkFile(path);
  const { progress = process.stderr, signal, label = `reading ${path}` } = options;
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const bar = progress ? createProgress({ label, total: size, stream: progress }) : undefined;
  if (bar) {
    let done = 0;
    file.on("data", (chunk: string | Buffer) => {
      done += chunk.length;
      bar.update(done);
    });
    file.on("close", () => bar.finish());
  }
  // Errors do not travel along .pipe(), so each stage hands its failure, as a VoxIoError, to the returned stream.
  const out = new PassThrough();
  file.on("error", (e) =>
    out.destroy(new VoxIoError("NOT_FOUND", { path, cause: e }, `read failed: ${e.message}`)),
  );
  if (path.toLowerCase().endsWith(".gz")) {
    const gunzip = createGunzip();
    gunzip.on("error", (e) =>
      out.destroy(new VoxIoError("BAD_VALUE", { path, cause: e }, `not a valid gzip file (${e.message})`)),
    );
    file.pipe(gunzip).pipe(out);
  } else file.pipe(out);
  if (signal) {
    const abort = () => {
      const err = new VoxIoError("ABORTED", { path }, "interrupted");
      file.destroy();
      // A consumer that stopped listening (a reader that took one line and left) gets no error event to miss.
      if (out.listenerCount("error") > 0) out.destroy(err);
      else out.destroy();
    };
    if (signal.aborted) abort();
    else signal.addEventListener("abort", abort, { once: true });
    const detach = () => signal.removeEventListener("abort", abort);
    out.on("close", detach);
    out.on("end", detach);
  }
  return out;
}
