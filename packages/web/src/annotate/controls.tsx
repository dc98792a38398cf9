// One control per task type. Each shows its choices with their keys, answers through `onAnswer(value)` (the value
// format of docs/server.md), and starts from `initial` when the rater goes back to change an answer (undo).
import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import type { LabelSchema } from "../api.js";
import { classKey, ratingValues } from "../schema.js";
import { type ItemData, ItemView } from "./ItemView.js";
import { plain, useKeys } from "./keys.js";

/** What every control gets. */
export interface ControlProps<S extends LabelSchema> {
  schema: S;
  data: ItemData;
  /** The earlier answer when changing one (undo), else undefined. */
  initial: unknown;
  onAnswer(value: unknown): void;
  /** False while a request is in flight: keys and buttons do nothing. */
  enabled: boolean;
}

type Of<T extends LabelSchema["type"]> = Extract<LabelSchema, { type: T }>;

function Kbd(props: { k: string | undefined }) {
  return props.k ? <kbd className="key">{props.k}</kbd> : null;
}

/** The key of a digit press: "1"…"9", "0" (also from the numeric keypad). */
const digitOf = (e: KeyboardEvent) => (/^[0-9]$/.test(e.key) ? e.key : undefined);

function Choices(props: { label: string; children: ReactNode }) {
  return (
    <fieldset className="choices">
      <legend>{props.label}</legend>
      <div className="choice-row">{props.children}</div>
    </fieldset>
  );
}

/** One class: a number key (or a click) answers at once. */
export function SingleControl(props: ControlProps<Of<"single">>) {
  const { schema, onAnswer, enabled } = props;
  const before = (props.initial as { label?: string } | undefined)?.label;
  useKeys((e) => {
    const d = plain(e) ? digitOf(e) : undefined;
    if (d === undefined) return false;
    const i = schema.classes.findIndex((_, j) => classKey(j) === d);
    if (i < 0) return false;
    onAnswer({ label: schema.classes[i] });
    return true;
  }, enabled);
  return (
    <>
      <ItemView data={props.data} />
      <Choices label="Label">
        {schema.classes.map((c, i) => (
          <button
            key={c}
            type="button"
            className={c === before ? "btn choice on" : "btn choice"}
            aria-keyshortcuts={classKey(i)}
            aria-pressed={c === before}
            disabled={!enabled}
            onClick={() => onAnswer({ label: c })}
          >
            <Kbd k={classKey(i)} /> {c}
          </button>
        ))}
      </Choices>
    </>
  );
}

/** Any subset: number keys toggle, Enter submits. */
export function MultiControl(props: ControlProps<Of<"multi">>) {
  const { schema, onAnswer, enabled } = props;
  const [on, setOn] = useState<Set<string>>(
    () => new Set((props.initial as { labels?: string[] } | undefined)?.labels ?? []),
  );
  const toggle = (c: string) =>
    setOn((s) => {
      const n = new Set(s);
      if (n.has(c)) n.delete(c);
      else n.add(c);
      return n;
    });
  const submit = () => onAnswer({ labels: schema.classes.filter((c) => on.has(c)) });
  useKeys((e) => {
    if (!plain(e)) return false;
    if (e.key === "Enter") {
      submit();
      return true;
    }
    const d = digitOf(e);
    const i = d === undefined ? -1 : schema.classes.findIndex((_, j) => classKey(j) === d);
    if (i < 0) return false;
    toggle(schema.classes[i]!);
    return true;
  }, enabled);
  return (
    <>
      <ItemView data={props.data} />
      <Choices label="Labels (any number)">
        {schema.classes.map((c, i) => (
          <label key={c} className={on.has(c) ? "check on" : "check"}>
            <input type="checkbox" checked={on.has(c)} disabled={!enabled} onChange={() => toggle(c)} />
            <Kbd k={classKey(i)} /> {c}
          </label>
        ))}
      </Choices>
      <button
        type="button"
        className="btn primary"
        disabled={!enabled}
        aria-keyshortcuts="Enter"
        onClick={submit}
      >
        Submit <Kbd k="Enter" />
      </button>
    </>
  );
}

/** Which answer is better: A, B (or T for a tie). */
export function PairwiseControl(props: ControlProps<Of<"pairwise">>) {
  const { schema, onAnswer, enabled } = props;
  const before = (props.initial as { choice?: string } | undefined)?.choice;
  const options: { choice: string; key: string; text: string }[] = [
    { choice: "a", key: "A", text: "A is better" },
    ...(schema.allowTie ? [{ choice: "tie", key: "T", text: "Tie" }] : []),
    { choice: "b", key: "B", text: "B is better" },
  ];
  useKeys((e) => {
    if (!plain(e)) return false;
    const o = options.find((x) => x.key === e.key.toUpperCase());
    if (!o) return false;
    onAnswer({ choice: o.choice });
    return true;
  }, enabled);
  return (
    <>
      <ItemView data={props.data} pairwise />
      <Choices label="Which is better?">
        {options.map((o) => (
          <button
            key={o.choice}
            type="button"
            className={o.choice === before ? "btn choice on" : "btn choice"}
            aria-keyshortcuts={o.key}
            aria-pressed={o.choice === before}
            disabled={!enabled}
            onClick={() => onAnswer({ choice: o.choice })}
          >
            <Kbd k={o.key} /> {o.text}
          </button>
        ))}
      </Choices>
    </>
  );
}

/** A number on a scale: its digit answers at once (scales within 0–9), or ←/→ pick and Enter submits. */
export function RatingControl(props: ControlProps<Of<"rating">>) {
  const { schema, onAnswer, enabled } = props;
  const values = useMemo(() => ratingValues(schema), [schema]);
  // Integer scales within 0–9: the digit is the value. Otherwise the digit is the position (1…9, 0 = tenth).
  const direct = values.every((v) => Number.isInteger(v) && v >= 0 && v <= 9);
  const keyOf = (v: number, i: number) => (direct ? String(v) : classKey(i));
  const initial = (props.initial as { rating?: number } | undefined)?.rating;
  const [at, setAt] = useState<number>(() => {
    const i = initial === undefined ? -1 : values.indexOf(initial);
    return i >= 0 ? i : Math.floor((values.length - 1) / 2);
  });
  useKeys((e) => {
    if (!plain(e)) return false;
    if (e.key === "ArrowLeft" || e.key === "ArrowDown") {
      setAt((a) => Math.max(0, a - 1));
      return true;
    }
    if (e.key === "ArrowRight" || e.key === "ArrowUp") {
      setAt((a) => Math.min(values.length - 1, a + 1));
      return true;
    }
    if (e.key === "Enter") {
      onAnswer({ rating: values[at] });
      return true;
    }
    const d = digitOf(e);
    const i = d === undefined ? -1 : values.findIndex((v, j) => keyOf(v, j) === d);
    if (i < 0) return false;
    onAnswer({ rating: values[i] });
    return true;
  }, enabled);
  return (
    <>
      <ItemView data={props.data} />
      <Choices label={`Rating (${schema.min} to ${schema.max})`}>
        {values.length <= 21 ? (
          values.map((v, i) => (
            <button
              key={v}
              type="button"
              className={[i === at ? "btn choice on" : "btn choice", v === initial ? "was" : ""].join(" ")}
              aria-pressed={i === at}
              aria-keyshortcuts={keyOf(v, i)}
              disabled={!enabled}
              onClick={() => onAnswer({ rating: v })}
            >
              <Kbd k={keyOf(v, i)} /> {v}
            </button>
          ))
        ) : (
          <>
            <label htmlFor="rating-range">Rating: {values[at]}</label>
            <input
              id="rating-range"
              type="range"
              min={0}
              max={values.length - 1}
              value={at}
              disabled={!enabled}
              onChange={(e) => setAt(Number(e.target.value))}
            />
            <button
              type="button"
              className="btn primary"
              disabled={!enabled}
              onClick={() => onAnswer({ rating: values[at] })}
            >
              Submit <Kbd k="Enter" />
            </button>
          </>
        )}
      </Choices>
    </>
  );
}

/** Free text: type the answer; Ctrl+Enter (or ⌘+Enter) submits, Esc leaves the field for the other keys. */
export function TextControl(props: ControlProps<Of<"text">>) {
  const { schema, onAnswer, enabled } = props;
  const [text, setText] = useState(() => (props.initial as { text?: string } | undefined)?.text ?? "");
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  useKeys((e) => {
    if (!plain(e) || e.key !== "Enter") return false;
    ref.current?.focus();
    return true;
  }, enabled);
  return (
    <>
      <ItemView data={props.data} />
      <div className="field">
        <label htmlFor="answer-text">Your answer</label>
        <textarea
          id="answer-text"
          ref={ref}
          rows={4}
          maxLength={schema.maxLength}
          value={text}
          disabled={!enabled}
          aria-describedby="answer-text-help"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              onAnswer({ text });
            } else if (e.key === "Escape") {
              e.preventDefault();
              e.currentTarget.blur();
            }
          }}
        />
        <p id="answer-text-help" className="muted">
          <kbd className="key">Ctrl</kbd>+<kbd className="key">Enter</kbd> submits;{" "}
          <kbd className="key">Esc</kbd> leaves the field (then <kbd className="key">Enter</kbd> comes back).
        </p>
      </div>
      <button type="button" className="btn primary" disabled={!enabled} onClick={() => onAnswer({ text })}>
        Submit
      </button>
    </>
  );
}

/** A word of the item's text with its character offsets. */
export interface Token {
  start: number;
  end: number;
}

/** The words (runs of non-space) of a text. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/\S+/g)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

interface Span {
  start: number;
  end: number;
  label: string;
}

/**
 * Labelled spans of the text, by keyboard: ←/→ move over words, Shift+←/→ extend the selection, a number key
 * labels the selection (replacing spans it overlaps), Backspace removes the span under the cursor, Enter submits.
 * A click picks a word; Shift+click extends.
 */
export function SpansControl(props: ControlProps<Of<"spans">>) {
  const { schema, onAnswer, enabled } = props;
  const text = typeof props.data.text === "string" ? props.data.text : "";
  const tokens = useMemo(() => tokenize(text), [text]);
  const [spans, setSpans] = useState<Span[]>(
    () => (props.initial as { spans?: Span[] } | undefined)?.spans?.map((s) => ({ ...s })) ?? [],
  );
  const [cursor, setCursor] = useState(0);
  const [anchor, setAnchor] = useState(0);
  const [said, setSaid] = useState("");
  const lo = Math.min(anchor, cursor);
  const hi = Math.max(anchor, cursor);
  const move = (to: number, extend: boolean) => {
    const c = Math.max(0, Math.min(tokens.length - 1, to));
    setCursor(c);
    if (!extend) setAnchor(c);
  };
  const labelSelection = (label: string) => {
    const a = tokens[lo];
    const b = tokens[hi];
    if (!a || !b) return;
    const span = { start: a.start, end: b.end, label };
    setSpans((ss) =>
      [...ss.filter((s) => s.end <= span.start || s.start >= span.end), span].sort(
        (x, y) => x.start - y.start,
      ),
    );
    setSaid(`${label}: ${text.slice(span.start, span.end)}`);
    setAnchor(cursor);
  };
  const removeAtCursor = () => {
    const t = tokens[cursor];
    if (!t) return;
    setSpans((ss) => ss.filter((s) => s.end <= t.start || s.start >= t.end));
    setSaid("span removed");
  };
  useKeys((e) => {
    if (e.ctrlKey || e.altKey || e.metaKey) return false;
    switch (e.key) {
      case "ArrowRight":
        move(cursor + 1, e.shiftKey);
        return true;
      case "ArrowLeft":
        move(cursor - 1, e.shiftKey);
        return true;
      case "Home":
        move(0, e.shiftKey);
        return true;
      case "End":
        move(tokens.length - 1, e.shiftKey);
        return true;
      case "Backspace":
      case "Delete":
        removeAtCursor();
        return true;
      case "Enter":
        if (e.repeat) return false;
        onAnswer({ spans });
        return true;
      default: {
        const d = e.repeat ? undefined : digitOf(e);
        const i = d === undefined ? -1 : schema.classes.findIndex((_, j) => classKey(j) === d);
        if (i < 0) return false;
        labelSelection(schema.classes[i]!);
        return true;
      }
    }
  }, enabled);
  const labelAt = (t: Token) => spans.find((s) => s.start < t.end && s.end > t.start)?.label;
  const pieces: ReactNode[] = [];
  let last = 0;
  tokens.forEach((t, i) => {
    if (t.start > last) pieces.push(text.slice(last, t.start));
    const label = labelAt(t);
    const cls = [
      "tok",
      i >= lo && i <= hi ? "sel" : "",
      i === cursor ? "cur" : "",
      label ? `lab lab-${schema.classes.indexOf(label) % 6}` : "",
    ].join(" ");
    pieces.push(
      // biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/noStaticElementInteractions: the keyboard path is the arrow keys on the whole text (see the help line)
      <span key={t.start} className={cls} data-label={label} onClick={(e) => enabled && move(i, e.shiftKey)}>
        {text.slice(t.start, t.end)}
      </span>,
    );
    last = t.end;
  });
  if (last < text.length) pieces.push(text.slice(last));
  return (
    <>
      <ItemView
        data={props.data}
        textSlot={
          <div className="item-text spans-text" aria-describedby="spans-help">
            {pieces}
          </div>
        }
      />
      <p id="spans-help" className="muted">
        <kbd className="key">←</kbd>/<kbd className="key">→</kbd> move, <kbd className="key">Shift</kbd>
        +arrows extend, a number labels the selection, <kbd className="key">Backspace</kbd> removes,{" "}
        <kbd className="key">Enter</kbd> submits.
      </p>
      <p className="sr-only" aria-live="polite">
        {said}
      </p>
      <Choices label="Span labels">
        {schema.classes.map((c, i) => (
          <button
            key={c}
            type="button"
            className={`btn choice lab-${i % 6}`}
            aria-keyshortcuts={classKey(i)}
            disabled={!enabled}
            onClick={() => labelSelection(c)}
          >
            <Kbd k={classKey(i)} /> {c}
          </button>
        ))}
      </Choices>
      <ul className="span-list" aria-label="Spans">
        {spans.map((s) => (
          <li key={`${s.start}-${s.end}`}>
            <span className="tag">{s.label}</span> {text.slice(s.start, s.end)}{" "}
            <button
              type="button"
              className="btn small"
              aria-label={`Remove ${s.label} ${text.slice(s.start, s.end)}`}
              onClick={() => setSpans((ss) => ss.filter((x) => x !== s))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="btn primary" disabled={!enabled} onClick={() => onAnswer({ spans })}>
        Submit <Kbd k="Enter" />
      </button>
    </>
  );
}

/** The control of a schema. */
export function Control(props: ControlProps<LabelSchema>) {
  const { schema } = props;
  switch (schema.type) {
    case "single":
      return <SingleControl {...props} schema={schema} />;
    case "multi":
      return <MultiControl {...props} schema={schema} />;
    case "pairwise":
      return <PairwiseControl {...props} schema={schema} />;
    case "rating":
      return <RatingControl {...props} schema={schema} />;
    case "text":
      return <TextControl {...props} schema={schema} />;
    case "spans":
      return <SpansControl {...props} schema={schema} />;
  }
}
