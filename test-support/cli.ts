// Runs the vox CLI in-process and captures what it prints (for the CLI's tests).
import { main } from "vox";

/** Runs `vox ...argv` in-process; returns the exit code, stdout and stderr. */
export async function runVox(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}
