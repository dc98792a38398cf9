// Keyboard shortcuts of the annotator: one document listener per handler, which ignores keys typed into fields
// (and Enter/Space on a focused button or link, which keep their native meaning).
import { useEffect, useRef } from "react";

/** A handler returns true when it used the key (the event's default is then prevented). */
export type KeyHandler = (e: KeyboardEvent) => boolean;

/** True when the key belongs to a text field or a focused control rather than to the shortcuts. */
export function ownedByField(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t || typeof t.closest !== "function") return false;
  if (
    t.closest(
      "input[type=text], input[type=password], input:not([type]), textarea, select, [contenteditable]",
    )
  )
    return true;
  if ((e.key === "Enter" || e.key === " ") && t.closest("button, a, input[type=checkbox], input[type=radio]"))
    return true;
  return false;
}

/** Calls `handler` for shortcut keys while the component is mounted and `enabled`. */
export function useKeys(handler: KeyHandler, enabled = true): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!enabled) return;
    const listen = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || ownedByField(e)) return;
      if (ref.current(e)) e.preventDefault();
    };
    document.addEventListener("keydown", listen);
    return () => document.removeEventListener("keydown", listen);
  }, [enabled]);
}

/** A plain key: no Ctrl, Alt or Meta, and not an auto-repeat. */
export const plain = (e: KeyboardEvent) => !e.ctrlKey && !e.altKey && !e.metaKey && !e.repeat;
