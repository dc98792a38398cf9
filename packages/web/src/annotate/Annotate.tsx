// The annotator screen of one project: the item, the control of its task type, guidelines, progress, and the
// keys for every action. The next item is leased ahead (POST /next?ahead=) while the rater works on the current
// one, so it appears the moment an answer is given; the answer is sent in the background. Undo (U or Ctrl+Z)
// goes back to the previous item with its answer selected; a new answer there changes the stored judgment
// (PUT /annotations/:id). Skip (S) gives the item back. Raters never see gold answers nor whether they got them
// right (the server's policy); they see their qualification state and progress.
import { useCallback, useEffect, useRef, useState } from "react";
import { Link } from "wouter";
import { ApiError, api, type Done, type MyProgress, type Project, type Task } from "../api.js";
import { describeSchema } from "../schema.js";
import { useLoad } from "../useLoad.js";
import { Control } from "./controls.js";
import { asData } from "./ItemView.js";
import { plain, useKeys } from "./keys.js";

/** A judgment this page sent, kept for undo. */
interface Sent {
  task: Task;
  annotationId: string;
  value: unknown;
  /** Resolves when the server stored it (undo waits for it). */
  stored: Promise<void>;
}

const isDone = (t: Task | Done | undefined): t is Done => t !== undefined && "done" in t;
const HISTORY = 20;

function newId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // crypto.randomUUID needs a secure context; plain-HTTP deployments on a LAN address fall back to this.
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

const message = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

/** The annotator screen. */
export function Annotate(props: { projectId: number }) {
  const { projectId } = props;
  const project = useLoad<Project>(() => api.project(projectId), [projectId]);
  const [progress, setProgress] = useState<MyProgress | undefined>(undefined);
  const [current, setCurrent] = useState<Task | Done | undefined>(undefined);
  const [editing, setEditing] = useState<Sent | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string>("");
  const [busy, setBusy] = useState(false);
  const [stopped, setStopped] = useState<string | null>(null);
  const [guidelinesOpen, setGuidelinesOpen] = useState(
    () => localStorage.getItem("vox.guidelines") !== "closed",
  );
  const ahead = useRef<{ for: number; task: Promise<Task | undefined> } | undefined>(undefined);
  const currentRef = useRef<Task | Done | undefined>(undefined);
  const history = useRef<Sent[]>([]);
  const shownAt = useRef(performance.now());
  const [seq, setSeq] = useState(0);

  const refreshProgress = useCallback(() => {
    api
      .myProgress(projectId)
      .then(setProgress)
      .catch(() => undefined);
  }, [projectId]);

  const refreshRef = useRef(refreshProgress);
  refreshRef.current = refreshProgress;
  const fail = useCallback((e: unknown) => {
    if (e instanceof ApiError && e.code === "NOT_QUALIFIED") {
      setStopped("You did not pass this project's qualification test.");
      refreshRef.current();
    } else setError(message(e));
  }, []);

  /** Leases the item after `task` while `task` is still the one on screen. */
  const prefetch = useCallback(
    (task: Task) => {
      const c = currentRef.current;
      if (!c || isDone(c) || c.assignment.id !== task.assignment.id) return;
      ahead.current = {
        for: task.assignment.id,
        task: api
          .next(projectId, { ahead: task.assignment.id })
          .then((t) => (isDone(t) || t.assignment.id === task.assignment.id ? undefined : t))
          .catch(() => undefined),
      };
    },
    [projectId],
  );

  /** Puts a task (or "done") on screen; `thenPrefetch` leases the one after it right away. */
  const show = useCallback(
    (t: Task | Done | undefined, thenPrefetch = true) => {
      currentRef.current = t;
      setCurrent(t);
      shownAt.current = performance.now();
      setSeq((s) => s + 1);
      if (t && !isDone(t) && thenPrefetch) prefetch(t);
    },
    [prefetch],
  );

  /** Shows the item leased ahead of `task` if there is one, else a fresh POST /next (after `before` settles). */
  const advance = useCallback(
    async (task: Task, before: Promise<unknown>) => {
      const pre = ahead.current?.for === task.assignment.id ? await ahead.current.task : undefined;
      ahead.current = undefined;
      if (pre) {
        // On screen at once; the one after it is leased only once the previous answer is stored (a rater holds
        // at most the current item and one ahead).
        show(pre, false);
        await before;
        prefetch(pre);
        return;
      }
      show(undefined);
      await before;
      show(await api.next(projectId));
    },
    [projectId, show, prefetch],
  );

  useEffect(() => {
    let live = true;
    refreshProgress();
    api
      .next(projectId)
      .then((t) => live && show(t))
      .catch((e: unknown) => live && fail(e));
    return () => {
      live = false;
    };
  }, [projectId, show, fail, refreshProgress]);

  const answer = useCallback(
    (value: unknown) => {
      setError(null);
      if (editing) {
        // Changing an earlier answer (undo): once it is stored, amend it.
        const was = editing;
        setBusy(true);
        was.stored
          .then(() => api.amend(projectId, { annotationId: was.annotationId, value }))
          .then(() => {
            was.value = value;
            history.current.push(was);
            setEditing(undefined);
            setNotice("Answer changed.");
            setSeq((s) => s + 1);
          })
          .catch(fail)
          .finally(() => setBusy(false));
        return;
      }
      const task = currentRef.current;
      if (!task || isDone(task)) return;
      const annotationId = newId();
      const durationMs = Math.round(performance.now() - shownAt.current);
      const stored = api
        .submit(projectId, { id: annotationId, itemId: task.item.id, value, durationMs })
        .then(() => refreshProgress());
      history.current.push({ task, annotationId, value, stored });
      if (history.current.length > HISTORY) history.current.shift();
      setNotice(`Saved item ${task.item.id}.`);
      advance(task, stored).catch(fail);
    },
    [editing, projectId, advance, fail, refreshProgress],
  );

  const skip = useCallback(() => {
    const task = currentRef.current;
    if (editing || !task || isDone(task)) return;
    setError(null);
    setNotice(`Skipped item ${task.item.id}.`);
    advance(task, api.skip(task.assignment.id)).catch(fail);
  }, [editing, advance, fail]);

  const undo = useCallback(() => {
    const last = history.current.pop();
    if (!last) {
      setNotice("Nothing to undo.");
      return;
    }
    setEditing(last);
    setNotice("Change your previous answer, or press Esc to go back.");
    setSeq((s) => s + 1);
  }, []);

  const toggleGuidelines = useCallback(() => {
    setGuidelinesOpen((o) => {
      localStorage.setItem("vox.guidelines", o ? "closed" : "open");
      return !o;
    });
  }, []);

  useKeys((e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "z") {
      undo();
      return true;
    }
    if (!plain(e)) return false;
    switch (e.key.toLowerCase()) {
      case "s":
        skip();
        return true;
      case "u":
        undo();
        return true;
      case "g":
        toggleGuidelines();
        return true;
      case "escape":
        if (!editing) return false;
        history.current.push(editing);
        setEditing(undefined);
        setNotice("");
        setSeq((s) => s + 1);
        return true;
      default:
        return false;
    }
  }, !busy);

  const p = project.data;
  const shown: Task | undefined = editing?.task ?? (current && !isDone(current) ? current : undefined);
  const q = p?.settings.qualification;
  return (
    <div className={guidelinesOpen ? "annotate with-guidelines" : "annotate"}>
      <section className="work" aria-labelledby="annotate-title">
        <div className="work-head">
          <h1 id="annotate-title">{p?.name ?? "Project"}</h1>
          {p && <p className="muted">{describeSchema(p.schema)}</p>}
          {progress && (
            <p className="progress" aria-live="polite">
              <span>{progress.judgments} done</span> · <span>{progress.remaining} left in the project</span>
              {progress.qualification === "pending" && q && (
                <span className="badge">
                  Qualification test: {Math.min(progress.judgments, q.items)} of {q.items} answered
                </span>
              )}
              {progress.qualification === "qualified" && q && <span className="badge ok">Qualified</span>}
              {progress.qualification === "failed" && <span className="badge">Not qualified</span>}
            </p>
          )}
          {progress && q && (
            <progress
              className="bar"
              max={q.items}
              value={Math.min(progress.judgments, q.items)}
              aria-label="Qualification test progress"
              hidden={progress.qualification !== "pending"}
            />
          )}
          <button
            type="button"
            className="btn small"
            aria-expanded={guidelinesOpen}
            aria-controls="guidelines"
            aria-keyshortcuts="G"
            onClick={toggleGuidelines}
          >
            Guidelines <kbd className="key">G</kbd>
          </button>
        </div>
        {project.error && (
          <p className="error" role="alert">
            {project.error}
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <p className="notice" role="status" aria-live="polite">
          {notice}
        </p>
        {stopped && (
          <div className="card" role="alert">
            <h2>Thank you</h2>
            <p>{stopped} Your answers to the test were recorded; there is nothing more for you here.</p>
            <Link href="/">Back to your projects</Link>
          </div>
        )}
        {!stopped && isDone(current) && !editing && (
          <div className="card done">
            <h2>All done</h2>
            <p>{current.reason}.</p>
            <Link href="/">Back to your projects</Link>
          </div>
        )}
        {!stopped && current === undefined && !error && <p role="status">Loading the next item…</p>}
        {p && shown && !stopped && (
          <div className={editing ? "task editing" : "task"} data-item={shown.item.id}>
            {editing && <p className="badge warn">Changing your previous answer (Esc: back)</p>}
            <Control
              key={`${shown.assignment.id}-${seq}`}
              schema={p.schema}
              data={asData(shown.item.data)}
              initial={editing?.value}
              onAnswer={answer}
              enabled={!busy}
            />
          </div>
        )}
        <div className="actions" hidden={!!stopped}>
          <button
            type="button"
            className="btn"
            onClick={undo}
            disabled={busy || history.current.length === 0}
            aria-keyshortcuts="U Control+Z"
          >
            Undo <kbd className="key">U</kbd>
          </button>
          <button
            type="button"
            className="btn"
            onClick={skip}
            disabled={busy || !!editing || !current || isDone(current)}
            aria-keyshortcuts="S"
          >
            Skip <kbd className="key">S</kbd>
          </button>
        </div>
      </section>
      <aside
        id="guidelines"
        className="guidelines"
        aria-labelledby="guidelines-title"
        hidden={!guidelinesOpen}
      >
        <h2 id="guidelines-title">Guidelines</h2>
        <div className="guidelines-text">{p?.guidelines || "This project has no guidelines."}</div>
      </aside>
    </div>
  );
}
