import { createRng } from "@vox/core";

/** A labelled example. */
export interface LabeledText {
  text: string;
  label: string;
}

/**
 * Draws `shots` examples from a labelled pool, seeded and spread over the classes: classes take turns (in the
 * order given), each giving a random example not drawn yet, until `shots` are drawn or the pool is used up.
 */
export function drawFewShot(
  pool: readonly LabeledText[],
  options: { shots: number; classes: readonly string[]; seed?: number },
): LabeledText[] {
  const rng = createRng(options.seed ?? 0);
  const byClass = options.classes.map((c) => rng.shuffle(pool.filter((e) => e.label === c)));
  const out: LabeledText[] = [];
  for (let round = 0; out.length < options.shots; round++) {
    let any = false;
    for (const list of byClass) {
      if (round < list.length && out.length < options.shots) {
        out.push(list[round]!);
        any = true;
      }
    }
    if (!any) break;
  }
  return rng.shuffle(out);
}

/** Renders examples as "Text: …\nLabel: …" blocks separated by blank lines. */
export function formatExamples(examples: readonly LabeledText[]): string {
  return examples.map((e) => `Text: ${e.text}\nLabel: ${e.label}`).join("\n\n");
}
