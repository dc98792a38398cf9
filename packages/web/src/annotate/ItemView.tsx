// An item's data as the rater sees it. Every value is rendered as text (React escapes it): never as HTML.
import type { ReactNode } from "react";

/** Item data as imported: free JSON with conventional fields text, image, a/b (pairwise), prompt. */
export type ItemData = Record<string, unknown>;

const SHOWN = new Set(["text", "image", "a", "b", "prompt", "question", "alt"]);

/** The data object of a task (non-objects become { text }). */
export function asData(data: unknown): ItemData {
  if (data !== null && typeof data === "object" && !Array.isArray(data)) return data as ItemData;
  return { text: typeof data === "string" ? data : JSON.stringify(data) };
}

const asText = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v, null, 2));

/** An image reference: an http(s) URL as is, anything else a path under the server's media folder. */
export function imageSrc(ref: string): string {
  if (/^https?:\/\//i.test(ref)) return ref;
  return `/api/media/${ref.replace(/^\/+/, "").split("/").map(encodeURIComponent).join("/")}`;
}

/** The fields other screens do not show (shown as a small list so nothing is hidden from the rater). */
function Extra(props: { data: ItemData }) {
  const rest = Object.entries(props.data).filter(([k]) => !SHOWN.has(k));
  if (rest.length === 0) return null;
  return (
    <dl className="extra">
      {rest.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{asText(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The item: prompt, image, text (or, for pairwise, the two answers side by side), other fields. */
export function ItemView(props: { data: ItemData; pairwise?: boolean; textSlot?: ReactNode }) {
  const { data } = props;
  const prompt = data.prompt ?? data.question;
  return (
    <article className="item" aria-label="Item to label">
      {prompt !== undefined && <p className="prompt">{asText(prompt)}</p>}
      {typeof data.image === "string" && (
        <img
          className="item-image"
          src={imageSrc(data.image)}
          alt={typeof data.alt === "string" ? data.alt : "Item to label"}
        />
      )}
      {props.pairwise ? (
        <div className="pair">
          <section className="side" aria-labelledby="side-a">
            <h2 id="side-a">A</h2>
            <div className="item-text">{asText(data.a ?? "")}</div>
          </section>
          <section className="side" aria-labelledby="side-b">
            <h2 id="side-b">B</h2>
            <div className="item-text">{asText(data.b ?? "")}</div>
          </section>
        </div>
      ) : (
        (props.textSlot ?? (data.text !== undefined && <div className="item-text">{asText(data.text)}</div>))
      )}
      <Extra data={data} />
    </article>
  );
}
