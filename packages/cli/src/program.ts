import { readFileSync } from "node:fs";
import { Command } from "commander";
import { registerAggregate } from "./commands/aggregate.js";
import { registerAgree } from "./commands/agree.js";
import { registerAugment } from "./commands/augment.js";
import { registerConvert } from "./commands/convert.js";
import { registerCv } from "./commands/cv.js";
import { registerDemo } from "./commands/demo.js";
import { registerDynamics } from "./commands/dynamics.js";
import { registerEmbed } from "./commands/embed.js";
import { registerInfluence } from "./commands/influence.js";
import { registerInspect } from "./commands/inspect.js";
import { registerIssues } from "./commands/issues.js";
import { registerJury } from "./commands/jury.js";
import { registerLlm } from "./commands/llm.js";
import { registerNearDups } from "./commands/nearDups.js";
import { registerOutliers } from "./commands/outliers.js";
import { registerPredict } from "./commands/predict.js";
import { registerProject } from "./commands/project.js";
import { registerRaters } from "./commands/raters.js";
import { registerReport } from "./commands/report.js";
import { registerSelect } from "./commands/select.js";
import { registerServe } from "./commands/serve.js";
import { registerSimulate } from "./commands/simulate.js";
import { registerSsl } from "./commands/ssl.js";
import { registerTrain } from "./commands/train.js";
import type { CliContext } from "./context.js";

/** The version in the CLI's package.json (read at run time, the same from src/ and dist/). */
export const VERSION = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/** Builds the `vox` program: one register function per command file, all writing through `ctx`. */
export function createProgram(ctx: CliContext): Command {
  const program = new Command();
  program
    .name("vox")
    .description("Trustworthy labeled datasets from scarce, noisy, disagreeing human labels.")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help (also: vox <command> --help)")
    .showHelpAfterError("(vox <command> --help shows the options)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    })
    .addHelpText(
      "after",
      "\nEvery command accepts --json (JSON on stdout; logs on stderr). Exit codes: 0 ok, 1 internal error,\n" +
        "2 bad input or usage, 130 interrupted. Docs: docs/cli.md and docs/formats.md.",
    );
  registerDemo(program, ctx);
  registerInspect(program, ctx);
  registerConvert(program, ctx);
  registerAugment(program, ctx);
  registerLlm(program, ctx);
  registerIssues(program, ctx);
  registerInfluence(program, ctx);
  registerDynamics(program, ctx);
  registerOutliers(program, ctx);
  registerNearDups(program, ctx);
  registerReport(program, ctx);
  registerAggregate(program, ctx);
  registerAgree(program, ctx);
  registerRaters(program, ctx);
  registerCv(program, ctx);
  registerTrain(program, ctx);
  registerPredict(program, ctx);
  registerJury(program, ctx);
  registerSimulate(program, ctx);
  registerSsl(program, ctx);
  registerEmbed(program, ctx);
  registerSelect(program, ctx);
  registerServe(program, ctx);
  registerProject(program, ctx);
  return program;
}
