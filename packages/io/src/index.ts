/**
 * @vox/io: reading and writing the files vox works with. Annotations in long format (CSV, TSV, JSON Lines, MTurk
 * batch results), gold labels, pairwise preferences, matrices (.npy, CSV); streaming, with errors that name the
 * file, line and column, and writers that never leave half a file.
 */
export {
  type AnnotationFormat,
  type DuplicateHandling,
  type ReadAnnotationsOptions,
  type ReadAnnotationsResult,
  readAnnotations,
} from "./annotations.js";
export {
  type AtomicWriter,
  createAtomicWriter,
  withAtomicWriter,
  writeChunk,
  writeFileAtomic,
} from "./atomic.js";
export { COLUMN_ALIASES, type ColumnRole, normalizeHeader, resolveColumns } from "./columns.js";
export { type Delimiter, delimiterFor } from "./delimited.js";
export { IO_ERROR_CODES, type IoErrorCode, type IoErrorLocation, VoxIoError } from "./errors.js";
export { type ReadGoldOptions, type ReadGoldResult, readGold } from "./gold.js";
export {
  type ReadMatrixCsvOptions,
  type ReadMatrixResult,
  readMatrix,
  readMatrixCsv,
  writeMatrix,
} from "./matrix.js";
export {
  encodeNpy,
  type NpyArray,
  type NpyData,
  type NpyDtype,
  npyToFloat64,
  npyToInt32,
  parseNpy,
  readNpy,
  writeNpy,
} from "./npy.js";
export { type ReadPairwiseOptions, type ReadPairwiseResult, readPairwise } from "./pairwise.js";
export { createProgress, type Progress, type ProgressOptions, type ProgressStream } from "./progress.js";
export { checkFile, openSource, type SourceOptions } from "./source.js";
export { type OpenTableOptions, openTable, type Table, type TableKind } from "./table.js";
export {
  type ReadTextDatasetOptions,
  readTextDataset,
  type TextDataset,
  type TextDatasetFormat,
} from "./textDataset.js";
export { type Cell, writeAnnotations, writeGold, writeTable } from "./writers.js";
