import { api } from '../api/client.js';
import type { Project } from '../api/types.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { NewProjectForm } from '../components/NewProjectForm.js';
import { useLoad } from '../lib/use-load.js';
import { Link, navigate } from '../router.js';

/** The projects the user belongs to (admins: all), and the form that makes a new one. */
export function ProjectsPage() {
  const projects = useLoad(() => api.get<{ projects: Project[] }>('/api/projects'), 'projects');
  return (
    <>
      <h1>Projects</h1>
      <ErrorNote error={projects.error} />
      {projects.data && projects.data.projects.length === 0 && <p className="muted">No projects yet.</p>}
      {projects.data && projects.data.projects.length > 0 && (
        <table data-testid="project-list">
          <thead>
            <tr>
              <th>name</th>
              <th>type</th>
              <th>classes</th>
              <th>delivery</th>
              <th>your role</th>
            </tr>
          </thead>
          <tbody>
            {projects.data.projects.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link href={`/projects/${p.id}`} data-testid={`project-link-${p.id}`}>
                    {p.name}
                  </Link>
                </td>
                <td>{p.type}</td>
                <td>{p.classes.length}</td>
                <td>{p.deliveryFormat}</td>
                <td>{p.role ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewProjectForm onCreated={(project) => navigate(`/projects/${project.id}`)} />
    </>
  );
}
