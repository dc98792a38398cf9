// A page for unknown routes and missing permissions.
import { Link } from "wouter";

/** "Nothing here" with a way back. */
export function NotFound(props: { message?: string }) {
  return (
    <section className="page">
      <h1>Not found</h1>
      <p>{props.message ?? "There is no page at this address."}</p>
      <Link href="/">Back to your projects</Link>
    </section>
  );
}
