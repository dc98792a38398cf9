// The projects the signed-in user can see, each with a link to label it (and, for staff, to its admin page).
import { Link } from "wouter";
import { api } from "../api.js";
import { describeSchema } from "../schema.js";
import { useSession } from "../session.js";
import { useLoad } from "../useLoad.js";

/** Your projects. */
export function ProjectList() {
  const { user } = useSession();
  const projects = useLoad(() => api.projects(), []);
  const staff = user?.role === "admin" || user?.role === "reviewer";
  return (
    <section className="page" aria-labelledby="projects-title">
      <h1 id="projects-title">Your projects</h1>
      {projects.error && (
        <p className="error" role="alert">
          {projects.error}
        </p>
      )}
      {projects.data === undefined && !projects.error && <p role="status">Loading…</p>}
      {projects.data?.length === 0 && <p>You are not a member of any project yet.</p>}
      <ul className="project-list">
        {projects.data?.map((p) => (
          <li key={p.id} className="card">
            <h2>{p.name}</h2>
            <p className="muted">{describeSchema(p.schema)}</p>
            <div className="row">
              <Link className="btn primary" href={`/projects/${p.id}/annotate`}>
                Label {p.name}
              </Link>
              {staff && (
                <Link className="btn" href={`/admin/projects/${p.id}`}>
                  Manage
                </Link>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
