import { useEffect, useState } from 'react';
import { ApiError, api, LOGGED_OUT_EVENT } from './api/client.js';
import type { User } from './api/types.js';
import { ErrorNote } from './components/ErrorNote.js';
import { Layout } from './components/Layout.js';
import { BatchPage } from './pages/BatchPage.js';
import { EditorPage } from './pages/EditorPage.js';
import { ImagePage } from './pages/ImagePage.js';
import { LoginPage } from './pages/LoginPage.js';
import { ProjectPage } from './pages/ProjectPage.js';
import { ProjectsPage } from './pages/ProjectsPage.js';
import { match, navigate, useLocation } from './router.js';
import { SessionContext } from './session.js';

/** The session (GET /api/auth/me: 401 shows the login page), then the page the path names. */
export function App() {
  const location = useLocation();
  const [user, setUser] = useState<User | null>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    api.get<{ user: User }>('/api/auth/me').then(
      (answer) => setUser(answer.user),
      (caught: Error) => (caught instanceof ApiError && caught.status === 401 ? setUser(null) : setError(caught)),
    );
    const loggedOut = () => setUser(null);
    window.addEventListener(LOGGED_OUT_EVENT, loggedOut);
    return () => window.removeEventListener(LOGGED_OUT_EVENT, loggedOut);
  }, []);
  if (error) return <ErrorNote error={error} />;
  if (user === undefined) return <p className="muted">Loading…</p>;
  if (user === null) {
    return (
      <LoginPage
        onLogin={(next) => {
          setUser(next);
          if (location.path === '/login') navigate('/');
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={user}>
      <Layout user={user}>{page(location.path, location.query)}</Layout>
    </SessionContext.Provider>
  );
}

function page(path: string, query: URLSearchParams) {
  let params = match('/projects/:projectId/images/:imageId', path);
  // The caller's own document opens in the editor; `?user=ID` (or gold) is the review view.
  if (params && !query.has('user')) {
    return (
      <EditorPage key={path} projectId={Number(params.projectId)} imageId={Number(params.imageId)} query={query} />
    );
  }
  if (params) {
    return (
      <ImagePage
        key={path}
        projectId={Number(params.projectId)}
        imageId={Number(params.imageId)}
        whose={query.get('user') ?? undefined}
      />
    );
  }
  params = match('/projects/:projectId', path);
  if (params) return <ProjectPage key={path} projectId={Number(params.projectId)} />;
  params = match('/batches/:batchId', path);
  if (params) return <BatchPage key={path} batchId={Number(params.batchId)} />;
  if (path === '/' || path === '' || path === '/login' || path === '/projects') return <ProjectsPage />;
  return <ErrorNote error={`no page at ${path}`} />;
}
