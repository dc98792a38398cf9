export { assertCodes, assertFiniteInRange, assertInteger, assertSameLength } from "./assert.js";
