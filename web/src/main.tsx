import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { Layout } from './components/layout';
import { AlertsPage } from './pages/alerts';
import { ExecutionPage } from './pages/execution';
import { LineagePage } from './pages/lineage';
import { OverviewPage } from './pages/overview';
import { PipelinePage } from './pages/pipeline';
import { ReportingPage } from './pages/reporting';
import { SystemPage } from './pages/system';
import { useLocation } from './router';
import './styles.css';

function Page({ path, query }: { path: string; query: URLSearchParams }) {
  const pipeline = /^\/pipelines\/(\d+)\/?$/.exec(path);
  if (pipeline) {
    return <PipelinePage id={Number(pipeline[1])} query={query} />;
  }
  const execution = /^\/executions\/(\d+)\/?$/.exec(path);
  if (execution) {
    return <ExecutionPage id={Number(execution[1])} />;
  }
  switch (path.replace(/\/$/, '') || '/') {
    case '/':
      return <OverviewPage query={query} />;
    case '/lineage':
      return <LineagePage query={query} />;
    case '/alerts':
      return <AlertsPage query={query} />;
    case '/reporting':
      return <ReportingPage query={query} />;
    case '/system':
      return <SystemPage />;
    default:
      return (
        <section>
          <h1>Not found</h1>
          <p>There is no dashboard page at this address.</p>
        </section>
      );
  }
}

function App() {
  const { path, query } = useLocation();
  useEffect(() => {
    const heading = document.querySelector('main h1');
    document.title = heading?.textContent ? `${heading.textContent} · Watcher` : 'Watcher';
  });
  return (
    <Layout path={path}>
      <Page path={path} query={query} />
    </Layout>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
