import type { ComponentChildren } from 'preact';
import { Link } from '../router';

const SECTIONS: { to: string; label: string; match: (path: string) => boolean }[] = [
  {
    to: '/',
    label: 'Overview',
    match: (p) => p === '/' || p.startsWith('/pipelines') || p.startsWith('/executions'),
  },
  { to: '/lineage', label: 'Lineage', match: (p) => p.startsWith('/lineage') },
  { to: '/alerts', label: 'Alerts', match: (p) => p.startsWith('/alerts') },
  { to: '/reporting', label: 'Reporting', match: (p) => p.startsWith('/reporting') },
  { to: '/system', label: 'System', match: (p) => p.startsWith('/system') },
];

export function Layout({ path, children }: { path: string; children: ComponentChildren }) {
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Watcher</span>
        <nav aria-label="Sections">
          <ul>
            {SECTIONS.map((section) => (
              <li key={section.to}>
                <Link to={section.to} aria-current={section.match(path) ? 'page' : undefined}>
                  {section.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
