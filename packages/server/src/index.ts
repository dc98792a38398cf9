/**
 * @vox/server: the annotation server. `createApp({ store })` builds the JSON API (zod-validated, described at
 * /api/openapi.json); `startServer` puts it on a port with background jobs; `VoxClient` is its typed client.
 */
export { createApp, SERVER_VERSION } from "./app.js";
export { type LoadedProject, load, nextTask, submitJudgment, type Task } from "./assignment.js";
export { hashPassword, hashToken, newToken, verifyPassword } from "./auth.js";
export { type AnnotationRow, VoxClient, type VoxClientOptions } from "./client.js";
export type { AppOptions } from "./context.js";
export { DEMO, seedDemo } from "./demo.js";
export { SERVER_ERROR_CODES, type ServerErrorCode, toServerError, VoxServerError } from "./errors.js";
export { EXPORT_FORMATS, type ExportFormat, exportRows, writeExport } from "./exports.js";
export { type ImportResult, type ItemFormat, importItems } from "./importItems.js";
export { importLabelStudio, importProdigy } from "./interop.js";
export { JOB_HANDLERS, type JobHandler, JobRunner, type JobRunnerOptions } from "./jobs.js";
export { type ProjectMetrics, projectMetrics, type RaterQuality } from "./metrics.js";
export * from "./schemas.js";
export { type RunningServer, type ServeOptions, startServer } from "./serve.js";
