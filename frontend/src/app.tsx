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
const Milestones = lazy(() => import('./milestones/Milestones'));
const MilestonePage = lazy(() => import('./milestones/MilestonePage'));
const PrivacyNotice = lazy(() => import('./notices/PrivacyNotice'));
const AccessibilityStatement = lazy(() => import('./notices/AccessibilityStatement'));
const SignIn = lazy(() => import('./auth/SignIn'));
const CheckEmail = lazy(() => import('./auth/CheckEmail'));
const Verify = lazy(() => import('./auth/Verify'));
const Organisations = lazy(() => import('./organisations/Organisations'));
const EditOrganisation = lazy(() => import('./organisations/EditOrganisation'));
const People = lazy(() => import('./people/People'));
const PersonPage = lazy(() => import('./people/PersonPage'));
const Tokens = lazy(() => import('./tokens/Tokens'));
const AccountSessions = lazy(() => import('./account/Sessions'));
const Outbox = lazy(() => import('./outbox/Outbox'));
const OutboxMessage = lazy(() => import('./outbox/Message'));
const Keeps = lazy(() => import('./privacy/Keeps'));
const Audit = lazy(() => import('./audit/Audit'));
const FeedbackChannels = lazy(() => import('./feedback/Channels'));
const FeedbackChannel = lazy(() => import('./feedback/Channel'));
const FeedbackFollow = lazy(() => import('./feedback/Follow'));
const YouSaidWeDid = lazy(() => import('./feedback/YouSaidWeDid'));
const FeedbackTriage = lazy(() => import('./feedback/Triage'));
const FeedbackTriagePost = lazy(() => import('./feedback/TriagePost'));
const FeedbackManage = lazy(() => import('./feedback/Manage'));
const FeedbackEditChannel = lazy(() => import('./feedback/EditChannel'));
const BookPage = lazy(() => import('./bookings/BookPage'));
const BookSlot = lazy(() => import('./bookings/BookSlot'));
const BookSession = lazy(() => import('./bookings/BookSession'));
const Booked = lazy(() => import('./bookings/Booked'));
const LostLink = lazy(() => import('./bookings/LostLink'));
const ManageBooking = lazy(() => import('./bookings/ManageBooking'));
const ConfirmBooking = lazy(() => import('./bookings/ConfirmBooking'));
const Sessions = lazy(() => import('./bookings/Sessions'));
const NewSession = lazy(() => import('./bookings/NewSession'));
const SessionPage = lazy(() => import('./bookings/SessionPage'));
const Roster = lazy(() => import('./bookings/Roster'));
const Contacts = lazy(() => import('./campaigns/Contacts'));
const Campaigns = lazy(() => import('./campaigns/Campaigns'));
const CampaignEditor = lazy(() => import('./campaigns/CampaignEditor'));
const CampaignPage = lazy(() => import('./campaigns/CampaignPage'));
const Join = lazy(() => import('./polls/Join'));
const Participant = lazy(() => import('./polls/Participant'));
const Workshops = lazy(() => import('./polls/Workshops'));
const WorkshopControl = lazy(() => import('./polls/Control'));
const WorkshopPresent = lazy(() => import('./polls/Present'));
const Coverage = lazy(() => import('./coverage/Coverage'));
const CoverageTargets = lazy(() => import('./coverage/Targets'));
const CoverageDraft = lazy(() => import('./coverage/Draft'));
const Readiness = lazy(() => import('./readiness/Readiness'));
const ReadinessBoard = lazy(() => import('./readiness/Board'));
const Programme = lazy(() => import('./programme/Programme'));
const SubjectPage = lazy(() => import('./privacy/subject'));
const Decisions = lazy(() => import('./decisions/Decisions'));
const DecisionForm = lazy(() => import('./decisions/DecisionForm'));
const DecisionTeam = lazy(() => import('./decisions/DecisionTeam'));
const DecisionRegister = lazy(() => import('./decisions/Register'));
const DecisionPublic = lazy(() => import('./decisions/DecisionPublic'));
const Pulses = lazy(() => import('./pulses/Pulses'));
const NewPulse = lazy(() => import('./pulses/NewPulse'));
const PulsePage = lazy(() => import('./pulses/PulsePage'));
const PulseAnswer = lazy(() => import('./pulses/Answer'));
const PulseOpenAnswer = lazy(() => import('./pulses/OpenAnswer'));

export function App() {
  return (
    <LocationProvider>
      <SessionProvider>
        <Layout>
          <ErrorBoundary>
            <Router onRouteChange={focusHeading}>
              <Route path="/" component={Home} />
              <Route path="/privacy" component={PrivacyNotice} />
              <Route path="/accessibility" component={AccessibilityStatement} />
              <Route path="/signin" component={SignIn} />
              <Route path="/signin/check-email" component={CheckEmail} />
              <Route path="/signin/verify" component={Verify} />
              <Route path="/organisations" component={Organisations} />
              <Route path="/organisations/:id" component={EditOrganisation} />
              <Route path="/people" component={People} />
              <Route path="/people/:id" component={PersonPage} />
              <Route path="/tokens" component={Tokens} />
              <Route path="/data-protection/person" component={SubjectPage} />
              <Route path="/account/sessions" component={AccountSessions} />
              <Route path="/outbox" component={Outbox} />
              <Route path="/outbox/:id" component={OutboxMessage} />
              <Route path="/data-protection" component={Keeps} />
              <Route path="/audit" component={Audit} />
              <Route path="/feedback" component={FeedbackChannels} />
              <Route path="/feedback/channels/:id" component={FeedbackChannel} />
              <Route path="/feedback/follow/:token" component={FeedbackFollow} />
              <Route path="/you-said-we-did" component={YouSaidWeDid} />
              <Route path="/feedback/triage" component={FeedbackTriage} />
              <Route path="/feedback/triage/:id" component={FeedbackTriagePost} />
              <Route path="/feedback/manage" component={FeedbackManage} />
              <Route path="/feedback/manage/:id" component={FeedbackEditChannel} />
              <Route path="/milestones" component={Milestones} />
              <Route path="/milestones/new" component={MilestonePage} />
              <Route path="/milestones/:id" component={MilestonePage} />
              <Route path="/book" component={BookPage} />
              <Route path="/book/session/:id" component={BookSession} />
              <Route path="/book/:id" component={BookSlot} />
              <Route path="/bookings/lost-link" component={LostLink} />
              <Route path="/bookings/:token/confirmed" component={Booked} />
              <Route path="/bookings/:token" component={ManageBooking} />
              <Route path="/bookings/confirm/:token" component={ConfirmBooking} />
              <Route path="/sessions" component={Sessions} />
              <Route path="/sessions/new" component={NewSession} />
              <Route path="/sessions/:id" component={SessionPage} />
              <Route path="/sessions/:id/slots/:slotId" component={Roster} />
              <Route path="/contacts" component={Contacts} />
              <Route path="/campaigns" component={Campaigns} />
              <Route path="/campaigns/new" component={CampaignEditor} />
              <Route path="/campaigns/:id/edit" component={CampaignEditor} />
              <Route path="/campaigns/:id" component={CampaignPage} />
              <Route path="/join" component={Join} />
              <Route path="/join/:code" component={Participant} />
              <Route path="/workshops" component={Workshops} />
              <Route path="/workshops/:id" component={WorkshopControl} />
              <Route path="/workshops/:id/present" component={WorkshopPresent} />
              <Route path="/coverage" component={Coverage} />
              <Route path="/coverage/targets" component={CoverageTargets} />
              <Route path="/coverage/drafts/:id" component={CoverageDraft} />
              <Route path="/programme" component={Programme} />
              <Route path="/readiness" component={Readiness} />
              <Route path="/readiness/:id" component={ReadinessBoard} />
              <Route path="/decisions" component={Decisions} />
              <Route path="/decisions/new" component={DecisionForm} />
              <Route path="/decisions/register" component={DecisionRegister} />
              <Route path="/decisions/:id/edit" component={DecisionForm} />
              <Route path="/decisions/:id/manage" component={DecisionTeam} />
              <Route path="/decisions/:id" component={DecisionPublic} />
              <Route path="/pulses" component={Pulses} />
              <Route path="/pulses/new" component={NewPulse} />
              <Route path="/pulses/:id" component={PulsePage} />
              <Route path="/pulse/open/:token" component={PulseOpenAnswer} />
              <Route path="/pulse/:token" component={PulseAnswer} />
              <Route default component={NotFound} />
            </Router>
          </ErrorBoundary>
        </Layout>
      </SessionProvider>
    </LocationProvider>
  );
}
