// Label schemas (the task types), project settings, and the API's request and response shapes, all in zod: the
// same objects validate requests, type the handlers and the client, and describe the API in /api/openapi.json.
import { z } from "zod";

const className = z.string().min(1).max(200);
const distinct = (c: string[]) => new Set(c).size === c.length;
const classes = z.array(className).min(2).max(1000).refine(distinct, "classes must be distinct");
const spanClasses = z.array(className).min(1).max(1000).refine(distinct, "classes must be distinct");

/** The task types. Items with an `image` field (a URL or a path under the media folder) work with every type. */
export const LabelSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("single"), classes }).describe("one class per item"),
    z.object({ type: z.literal("multi"), classes }).describe("any subset of the classes"),
    z
      .object({ type: z.literal("pairwise"), allowTie: z.boolean().default(true) })
      .describe("which of two responses (item fields a and b) is better: a, b or tie"),
    z
      .object({
        type: z.literal("rating"),
        min: z.number().int(),
        max: z.number().int(),
        step: z.number().positive().default(1),
      })
      .refine((s) => s.max > s.min, "max must exceed min")
      .describe("a number on a scale"),
    z
      .object({ type: z.literal("text"), maxLength: z.number().int().min(1).max(100_000).default(10_000) })
      .describe("free text"),
    z
      .object({ type: z.literal("spans"), classes: spanClasses })
      .describe("labelled character spans of the item's text"),
  ])
  .meta({ id: "LabelSchema" });
/** A label schema. */
export type LabelSchema = z.infer<typeof LabelSchema>;

/** Project settings; every field has a default. */
export const ProjectSettings = z
  .object({
    overlap: z.number().int().min(1).max(100).default(3).describe("distinct raters per item"),
    leaseSeconds: z
      .number()
      .int()
      .min(10)
      .max(86_400)
      .default(600)
      .describe("how long a handed-out item is held"),
    goldRate: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe("share of hand-outs that are gold (honeypot) items"),
    qualification: z
      .object({ items: z.number().int().min(1).max(100), minAccuracy: z.number().min(0).max(1) })
      .nullable()
      .default(null)
      .describe("gold items a rater must pass before real items"),
    adaptive: z
      .object({ maxOverlap: z.number().int().min(1).max(100), threshold: z.number().min(0.5).max(1) })
      .nullable()
      .default(null)
      .describe("ask one more rater while the top label's posterior is below threshold, up to maxOverlap"),
    blind: z.boolean().default(true).describe("hide model predictions from raters"),
    reviewThreshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.6)
      .describe("complete items whose top share is below go to review"),
  })
  .meta({ id: "ProjectSettings" });
/** Project settings with defaults applied. */
export type ProjectSettings = z.infer<typeof ProjectSettings>;

const valueSchemas = new Map<string, z.ZodType>();

/** The zod schema of one judgment's value for a label schema (built once per distinct schema: zod compiles it). */
export function valueSchema(schema: LabelSchema): z.ZodType {
  const key = JSON.stringify(schema);
  let v = valueSchemas.get(key);
  if (!v) {
    v = buildValueSchema(schema);
    if (valueSchemas.size > 1000) valueSchemas.clear();
    valueSchemas.set(key, v);
  }
  return v;
}

function buildValueSchema(schema: LabelSchema): z.ZodType {
  switch (schema.type) {
    case "single":
      return z.object({ label: z.enum(schema.classes as [string, ...string[]]) }).strict();
    case "multi":
      return z
        .object({ labels: z.array(z.enum(schema.classes as [string, ...string[]])) })
        .strict()
        .refine((v) => new Set(v.labels).size === v.labels.length, "labels must be distinct");
    case "pairwise":
      return z.object({ choice: schema.allowTie ? z.enum(["a", "b", "tie"]) : z.enum(["a", "b"]) }).strict();
    case "rating":
      return z
        .object({ rating: z.number().min(schema.min).max(schema.max) })
        .strict()
        .refine(
          (v) =>
            Math.abs(
              (v.rating - schema.min) / schema.step - Math.round((v.rating - schema.min) / schema.step),
            ) < 1e-9,
          `rating must be on steps of ${schema.step}`,
        );
    case "text":
      return z.object({ text: z.string().max(schema.maxLength) }).strict();
    case "spans":
      return z
        .object({
          spans: z
            .array(
              z
                .object({
                  start: z.number().int().min(0),
                  end: z.number().int().min(1),
                  label: z.enum(schema.classes as [string, ...string[]]),
                })
                .strict()
                .refine((s) => s.end > s.start, "end must exceed start"),
            )
            .max(10_000),
        })
        .strict();
  }
}

/**
 * A value's categorical key, used to compare judgments (agreement, majority vote, gold checks): the class, the
 * sorted class set, the choice, the rating, the trimmed text, the sorted spans.
 */
export function keyOf(schema: LabelSchema, value: unknown): string {
  const v = value as Record<string, unknown>;
  switch (schema.type) {
    case "single":
      return String(v.label);
    case "multi":
      return JSON.stringify([...((v.labels as string[]) ?? [])].sort());
    case "pairwise":
      return String(v.choice);
    case "rating":
      return String(v.rating);
    case "text":
      return String(v.text ?? "").trim();
    case "spans":
      return JSON.stringify(
        [...((v.spans as { start: number; end: number; label: string }[]) ?? [])]
          .map((s) => [s.start, s.end, s.label])
          .sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number)),
      );
  }
}

/** The classes a schema's keys range over, when it is categorical (else undefined). */
export function classesOf(schema: LabelSchema): string[] | undefined {
  switch (schema.type) {
    case "single":
      return schema.classes;
    case "pairwise":
      return schema.allowTie ? ["a", "b", "tie"] : ["a", "b"];
    case "rating": {
      const out: string[] = [];
      for (let x = schema.min; x <= schema.max + 1e-9; x += schema.step)
        out.push(String(Math.round(x * 1e9) / 1e9));
      return out.length <= 1000 ? out : undefined;
    }
    case "multi":
    case "text":
    case "spans":
      return undefined;
  }
}

// ---- API shapes
const id = z.number().int().positive();
const name = z.string().min(1).max(200);

/** A user as the API shows it (never the password hash). */
export const UserOut = z
  .object({
    id,
    name: z.string(),
    role: z.enum(["admin", "reviewer", "annotator"]),
    disabled: z.boolean(),
    createdAt: z.number(),
  })
  .meta({ id: "User" });
/** The body of POST /api/users. */
export const CreateUserBody = z.object({
  name,
  role: z.enum(["admin", "reviewer", "annotator"]),
  password: z.string().min(8).max(200).optional(),
});
/** The body of PATCH /api/users/:id. */
export const UpdateUserBody = z.object({
  role: z.enum(["admin", "reviewer", "annotator"]).optional(),
  password: z.string().min(8).max(200).optional(),
  disabled: z.boolean().optional(),
});
/** The body of POST /api/auth/login. */
export const LoginBody = z.object({ name, password: z.string().min(1).max(200) });
/** A new token: the secret is shown once. */
export const TokenOut = z.object({
  id,
  token: z.string(),
  kind: z.enum(["session", "api"]),
  name: z.string(),
  expiresAt: z.number().nullable(),
});
/** The body of POST /api/auth/tokens. */
export const CreateTokenBody = z.object({
  name: z.string().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

/** A project as the API shows it. */
export const ProjectOut = z
  .object({
    id,
    name: z.string(),
    schema: LabelSchema,
    guidelines: z.string(),
    settings: ProjectSettings,
    createdAt: z.number(),
  })
  .meta({ id: "Project" });
/** The body of POST /api/projects. */
export const CreateProjectBody = z.object({
  name,
  schema: LabelSchema,
  guidelines: z.string().max(200_000).default(""),
  settings: ProjectSettings.partial().default({}),
});
/** The body of PATCH /api/projects/:id (the label schema cannot change once items are judged). */
export const UpdateProjectBody = z.object({
  name: name.optional(),
  guidelines: z.string().max(200_000).optional(),
  settings: ProjectSettings.partial().optional(),
});
/** The body of POST /api/projects/:id/members. */
export const MemberBody = z.object({ userId: id });

/** An item as a rater sees it: no gold answer, no other raters' labels. */
export const TaskOut = z
  .object({
    assignment: z.object({ id, expiresAt: z.number() }),
    item: z.object({ id, data: z.unknown() }),
    prediction: z.object({ probs: z.array(z.number()).nullable(), score: z.number().nullable() }).optional(),
  })
  .meta({ id: "Task" });
/** The answer of POST /api/projects/:id/next. */
export const NextOut = z.union([TaskOut, z.object({ done: z.literal(true), reason: z.string() })]);

/** The body of POST /api/projects/:id/annotations. */
export const SubmitBody = z.object({
  id: z.string().min(1).max(200).describe("client-supplied id; resubmitting it is a no-op"),
  itemId: id,
  value: z.unknown(),
  durationMs: z.number().min(0).max(86_400_000).optional(),
});
/** The body of PUT /api/projects/:id/annotations/:annotationId. */
export const AmendBody = z.object({ value: z.unknown() });
/** A stored judgment. */
export const AnnotationOut = z
  .object({
    id: z.string(),
    itemId: id,
    userId: id,
    user: z.string().optional(),
    value: z.unknown(),
    durationMs: z.number().nullable(),
    createdAt: z.number(),
  })
  .meta({ id: "Annotation" });

/** An item as reviewers and admins see it. */
export const ItemOut = z
  .object({
    id,
    externalId: z.string(),
    data: z.unknown(),
    isGold: z.boolean(),
    gold: z.unknown(),
    priority: z.number(),
    target: z.number(),
    done: z.number(),
    leased: z.number(),
    flag: z.string().nullable(),
  })
  .meta({ id: "Item" });
/** The body of PUT /api/projects/:id/items/:itemId/gold. */
export const GoldBody = z.object({ answer: z.unknown().nullable() });
/** The body of POST /api/projects/:id/predictions. */
export const PredictionsBody = z.object({
  model: z.string().min(1).max(200),
  predictions: z
    .array(
      z.object({
        item: z.string().min(1),
        probs: z.array(z.number().min(0).max(1)).optional(),
        score: z.number().optional(),
      }),
    )
    .max(100_000),
});
/** The body of POST /api/projects/:id/reviews. */
export const ReviewBody = z.object({
  itemId: id,
  value: z.unknown(),
  note: z.string().max(10_000).optional(),
});
/** The body of POST /api/projects/:id/jobs. */
export const JobBody = z.object({ kind: z.enum(["aggregate", "find-issues", "rescore"]) });
/** A page query. */
export const PageQuery = z.object({
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
