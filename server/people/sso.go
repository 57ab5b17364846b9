package people

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/confer-nhs/confer/server/web"
)

// sso is the OpenID provider as Confer uses it. Its discovery document is read on first
// use, not at start-up: a provider that is down when Confer starts must not stop Confer
// (people can still use emailed links, and the public pages need no sign-in). A failed
// read is tried again on a later sign-in, at most every retryAfter, so a provider that is
// down is not asked on every click.
type sso struct {
	cfg      web.OIDCConfig
	redirect string       // {CONFER_BASE_URL}/auth/oidc/callback
	client   *http.Client // every call to the provider, with a timeout

	mu         sync.Mutex
	provider   *oidc.Provider
	lastTry    time.Time
	retryAfter time.Duration
}

var errProviderDown = errors.New("the sign-in provider could not be reached")

func newSSO(cfg web.Config) *sso {
	return &sso{cfg: cfg.OIDC, redirect: cfg.BaseURL + "/auth/oidc/callback",
		client: &http.Client{Timeout: 15 * time.Second}, retryAfter: 5 * time.Second}
}

// ctx carries the HTTP client go-oidc and oauth2 use for the provider.
func (o *sso) ctx(ctx context.Context) context.Context {
	return oidc.ClientContext(ctx, o.client)
}

// get returns the discovered provider, discovering it if need be.
func (o *sso) get(ctx context.Context) (*oidc.Provider, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider != nil {
		return o.provider, nil
	}
	if time.Since(o.lastTry) < o.retryAfter {
		return nil, errProviderDown
	}
	o.lastTry = time.Now()
	p, err := oidc.NewProvider(o.ctx(ctx), o.cfg.Issuer)
	if err != nil {
		return nil, errors.Join(errProviderDown, err)
	}
	o.provider = p
	return p, nil
}

// oauth is the authorization-code flow's settings for a discovered provider.
func (o *sso) oauth(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: o.redirect, Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

// verifier checks an ID token's signature (the provider's published keys), issuer,
// audience (our client id) and expiry.
func (o *sso) verifier(p *oidc.Provider) *oidc.IDTokenVerifier {
	return p.Verifier(&oidc.Config{ClientID: o.cfg.ClientID})
}
