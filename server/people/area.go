package people

import (
	"context"
	"time"

	peoplemodel "github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/server/web"
)

// Area is who takes part and who runs it: organisations, people and their roles,
// contacts and their imports, sign-in and API tokens, and the outbox admins read mail in.
type Area struct {
	*web.Kit
	db           *peoplemodel.Store // the area's store functions
	signinByIP   *web.KeyedLimiter  // sign-in requests per client
	signinByPair *web.KeyedLimiter  // sign-in requests per client and address
	signinMail   *web.KeyedLimiter  // sign-in mails per address (beyond it: answered, not sent)
	sso          *sso               // the OpenID provider, discovered on first use
	ssoByClient  *web.KeyedLimiter  // single sign-on attempts per client
}

func New(k *web.Kit) *Area {
	return &Area{Kit: k, db: peoplemodel.Of(k.Store),
		signinByIP:   web.NewKeyedLimiter(signinPerClient, time.Hour),
		signinByPair: web.NewKeyedLimiter(SigninPerAddress, signinPeriod),
		signinMail:   web.NewKeyedLimiter(SigninPerAddress, signinPeriod),
		sso:          newSSO(k.Cfg),
		ssoByClient:  web.NewKeyedLimiter(ssoPerClient, time.Hour)}
}

// Routes registers sign-in (emailed links and single sign-on), sessions, organisations, people, API tokens, the outbox and contacts.
func (s *Area) Routes(r web.Routers) {
	s.registerAuthRoutes(r.API)
	s.registerSSORoutes(r.App)
	s.registerSessionRoutes(r.API)
	s.registerOrganisationRoutes(r.API)
	s.registerPeopleRoutes(r.API)
	s.registerTokenRoutes(r.API)
	s.registerOutboxRoutes(r.API)
	s.registerContactRoutes(r.API)
}

// Workers: none.
func (s *Area) Workers() []func(ctx context.Context) { return nil }
