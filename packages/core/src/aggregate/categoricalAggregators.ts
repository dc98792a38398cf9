import { dawidSkene } from "./dawidSkene.js";
import { glad } from "./glad.js";
import { goldMajorityVote } from "./goldMajorityVote.js";
import { kos } from "./kos.js";
import { mace } from "./mace.js";
import { majorityVote } from "./majorityVote.js";
import { oneCoinDawidSkene } from "./oneCoinDawidSkene.js";
import type { CategoricalAggregator, CategoricalOptions } from "./types.js";
import { wawa } from "./wawa.js";
import { zeroBasedSkill } from "./zeroBasedSkill.js";

type Fit = CategoricalAggregator["fit"];

/**
 * Every categorical aggregator that needs nothing beyond the common options, by CLI name. (Weighted majority vote
 * needs weights and is not listed; gold majority vote needs `known`.) The conformance suite runs each of these.
 */
export const categoricalAggregators: readonly CategoricalAggregator<CategoricalOptions>[] = [
  {
    name: "mv",
    title: "Majority vote",
    monotone: false,
    binaryOnly: false,
    needsKnown: false,
    fit: majorityVote,
  },
  { name: "wawa", title: "Wawa", monotone: false, binaryOnly: false, needsKnown: false, fit: wawa },
  {
    name: "zbs",
    title: "Zero-Based Skill",
    monotone: false,
    binaryOnly: false,
    needsKnown: false,
    fit: zeroBasedSkill,
  },
  {
    name: "gmv",
    title: "Gold majority vote",
    monotone: false,
    binaryOnly: false,
    needsKnown: true,
    fit: goldMajorityVote as Fit,
  },
  { name: "ds", title: "Dawid–Skene", monotone: true, binaryOnly: false, needsKnown: false, fit: dawidSkene },
  {
    name: "onecoin",
    title: "One-coin Dawid–Skene",
    monotone: true,
    binaryOnly: false,
    needsKnown: false,
    fit: oneCoinDawidSkene,
  },
  { name: "glad", title: "GLAD", monotone: true, binaryOnly: false, needsKnown: false, fit: glad },
  { name: "mace", title: "MACE", monotone: false, binaryOnly: false, needsKnown: false, fit: mace },
  { name: "kos", title: "KOS", monotone: false, binaryOnly: true, needsKnown: false, fit: kos },
];

/** The aggregator with this CLI name, or undefined. */
export function categoricalAggregator(name: string): CategoricalAggregator | undefined {
  return categoricalAggregators.find((a) => a.name === name);
}
