// The app shell: header with navigation, the routes, and the sign-in gate. Routes:
//   /login                      sign in
//   /                           your projects (pick one to label)
//   /projects/:id/annotate      the annotator screen of one project
//   /admin, /admin/*            the admin area (admins and reviewers): see admin/AdminRoutes.tsx
import { Link, Redirect, Route, Switch, useLocation } from "wouter";
import { AdminRoutes } from "./admin/AdminRoutes.js";
import { Annotate } from "./annotate/Annotate.js";
import { Login } from "./pages/Login.js";
import { NotFound } from "./pages/NotFound.js";
import { ProjectList } from "./pages/ProjectList.js";
import { SessionProvider, useSession } from "./session.js";

/** The whole app. */
export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}

function Shell() {
  const { user, signOut } = useSession();
  const [location, navigate] = useLocation();
  if (user === undefined)
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  if (user === null) {
    if (location !== "/login") return <Redirect to={`/login?next=${encodeURIComponent(location)}`} />;
    return (
      <main id="main" className="page narrow">
        <Login />
      </main>
    );
  }
  const staff = user.role === "admin" || user.role === "reviewer";
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand" aria-label="vox: your projects">
          vox
        </Link>
        <nav aria-label="Main">
          <Link href="/" className={(active) => (active ? "navlink active" : "navlink")}>
            Projects
          </Link>
          {staff && (
            <Link
              href="/admin"
              className={() => (location.startsWith("/admin") ? "navlink active" : "navlink")}
            >
              Admin
            </Link>
          )}
        </nav>
        <div className="who">
          <span>
            {user.name} <span className="muted">({user.role})</span>
          </span>
          <button
            type="button"
            className="btn small"
            onClick={() => {
              void signOut().then(() => navigate("/login"));
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Switch>
          <Route path="/login">
            <Redirect to="/" />
          </Route>
          <Route path="/">
            <ProjectList />
          </Route>
          <Route path="/projects/:id/annotate">{(p) => <Annotate projectId={Number(p.id)} />}</Route>
          <Route path="/admin" nest>
            {staff ? (
              <AdminRoutes />
            ) : (
              <NotFound message="The admin area needs the admin or reviewer role." />
            )}
          </Route>
          <Route>
            <NotFound />
          </Route>
        </Switch>
      </main>
    </>
  );
}
