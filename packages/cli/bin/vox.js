#!/usr/bin/env node
// The `vox` executable. Runs the compiled CLI (npm run build); for a source checkout without a build, run
// `npx tsx packages/cli/src/bin.ts` instead.
import { run } from "../dist/index.js";

await run();
