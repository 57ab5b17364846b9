// app.tsx is the one list of Confer's client routes. Each area's pages load
// as their own chunk the first time they are visited, so a participant's
// first page stays small. A new area adds its folder and its lines here (and
// its menu entry in areas.ts).
import { ErrorBoundary, lazy, LocationProvider, Route, Router } from 'preact-iso';
import { SessionProvider } from './auth/session';
import { Layout } from './components/Layout';
import { NotFound } from './components/NotFound';
import { focusHeading } from './components/Page';

const Home = lazy(() => import('./home/Home'));
const SignIn = lazy(() => import('./auth/SignIn'));
const CheckEmail = lazy(() => import('./auth/CheckEmail'));
const Verify = lazy(() => import('./auth/Verify'));
const Organisations = lazy(() => import('./organisations/Organisations'));
const EditOrganisation = lazy(() => import('./organisations/EditOrganisation'));
const People = lazy(() => import('./people/People'));
const PersonPage = lazy(() => import('./people/PersonPage'));
const Tokens = lazy(() => import('./tokens/Tokens'));
const Outbox = lazy(() => import('./outbox/Outbox'));
const OutboxMessage = lazy(() => import('./outbox/Message'));
const Coverage = lazy(() => import('./coverage/Coverage'));
const CoverageTargets = lazy(() => import('./coverage/Targets'));
const CoverageDraft = lazy(() => import('./coverage/Draft'));
const Programme = lazy(() => import('./coverage/Programme'));

export function App() {
  return (
    <LocationProvider>
      <SessionProvider>
        <Layout>
          <ErrorBoundary>
            <Router onRouteChange={focusHeading}>
              <Route path="/" component={Home} />
              <Route path="/signin" component={SignIn} />
              <Route path="/signin/check-email" component={CheckEmail} />
              <Route path="/signin/verify" component={Verify} />
              <Route path="/organisations" component={Organisations} />
              <Route path="/organisations/:id" component={EditOrganisation} />
              <Route path="/people" component={People} />
              <Route path="/people/:id" component={PersonPage} />
              <Route path="/tokens" component={Tokens} />
              <Route path="/outbox" component={Outbox} />
              <Route path="/outbox/:id" component={OutboxMessage} />
              <Route path="/coverage" component={Coverage} />
              <Route path="/coverage/targets" component={CoverageTargets} />
              <Route path="/coverage/drafts/:id" component={CoverageDraft} />
              <Route path="/programme" component={Programme} />
              <Route default component={NotFound} />
            </Router>
          </ErrorBoundary>
        </Layout>
      </SessionProvider>
    </LocationProvider>
  );
}
