// Entry point for running the CLI from source (tests and development): `tsx packages/cli/src/bin.ts …`.
import { run } from "./main.js";

await run();
