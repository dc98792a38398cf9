export { createRng, Rng, type Seed } from "./rng.js";
