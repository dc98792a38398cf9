// The admin area (admins and reviewers), mounted at /admin. For now: every project with its progress, agreement
// and raters at a glance. The project wizard, live charts, review and export screens plug in here.
import { Link, Route, Switch } from "wouter";
import { api, type ProjectMetrics } from "../api.js";
import { describeSchema } from "../schema.js";
import { useLoad } from "../useLoad.js";

/** Routes under /admin. */
export function AdminRoutes() {
  return (
    <Switch>
      <Route path="/">
        <AdminProjects />
      </Route>
      <Route path="/projects/:id">{(p) => <AdminProject projectId={Number(p.id)} />}</Route>
    </Switch>
  );
}

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "–" : `${(x * 100).toFixed(1)}%`;

function AdminProjects() {
  const projects = useLoad(() => api.projects(), []);
  return (
    <section className="page" aria-labelledby="admin-title">
      <h1 id="admin-title">Admin: projects</h1>
      {projects.error && (
        <p className="error" role="alert">
          {projects.error}
        </p>
      )}
      <table className="table">
        <caption className="sr-only">Projects</caption>
        <thead>
          <tr>
            <th scope="col">Project</th>
            <th scope="col">Task</th>
            <th scope="col">Overlap</th>
          </tr>
        </thead>
        <tbody>
          {projects.data?.map((p) => (
            <tr key={p.id}>
              <td>
                <Link href={`/projects/${p.id}`}>{p.name}</Link>
              </td>
              <td>{describeSchema(p.schema)}</td>
              <td>{p.settings.overlap}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function AdminProject(props: { projectId: number }) {
  const project = useLoad(() => api.project(props.projectId), [props.projectId]);
  const metrics = useLoad<ProjectMetrics>(() => api.metrics(props.projectId), [props.projectId]);
  const m = metrics.data;
  return (
    <section className="page" aria-labelledby="admin-project-title">
      <p>
        <Link href="/">← All projects</Link>
      </p>
      <h1 id="admin-project-title">{project.data?.name ?? "Project"}</h1>
      {(project.error || metrics.error) && (
        <p className="error" role="alert">
          {project.error ?? metrics.error}
        </p>
      )}
      {m && (
        <>
          <dl className="stats">
            <div>
              <dt>Items</dt>
              <dd>{m.progress.items}</dd>
            </div>
            <div>
              <dt>Complete</dt>
              <dd>
                {m.progress.complete} ({pct(m.progress.share)})
              </dd>
            </div>
            <div>
              <dt>Judgments</dt>
              <dd>{m.progress.judgments}</dd>
            </div>
            <div>
              <dt>Agreement</dt>
              <dd>{pct(m.agreement.percent)}</dd>
            </div>
          </dl>
          <table className="table">
            <caption>Raters</caption>
            <thead>
              <tr>
                <th scope="col">Rater</th>
                <th scope="col">Judgments</th>
                <th scope="col">Gold accuracy</th>
                <th scope="col">Agreement with majority</th>
                <th scope="col">Spam flag</th>
              </tr>
            </thead>
            <tbody>
              {m.raters.map((r) => (
                <tr key={r.userId}>
                  <td>{r.name}</td>
                  <td>{r.judgments}</td>
                  <td>{pct(r.goldAccuracy)}</td>
                  <td>{pct(r.majorityAgreement)}</td>
                  <td>{r.spam ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="btn" onClick={metrics.reload}>
            Refresh
          </button>
        </>
      )}
    </section>
  );
}
