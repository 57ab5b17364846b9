package web

import (
	"fmt"
	"net/url"
	"time"
)

// OIDCConfig is single sign-on with an OpenID Connect provider (Microsoft Entra ID for
// NHSmail, Okta, Keycloak, later NHS CIS2). Off while Issuer is empty.
type OIDCConfig struct {
	Issuer       string // CONFER_OIDC_ISSUER: the provider's issuer URL, discovery is read from it
	ClientID     string // CONFER_OIDC_CLIENT_ID
	ClientSecret string // CONFER_OIDC_CLIENT_SECRET; never logged
	Label        string // CONFER_OIDC_LABEL: the button says "Sign in with <Label>"
	// Only turns emailed sign-in links off (CONFER_OIDC_ONLY): every account is a team
	// account, so with it on the provider is the one way in.
	Only bool
	// AutoRedirect sends the sign-in page straight to the provider
	// (CONFER_OIDC_AUTO_REDIRECT), except after a refusal, which it shows instead.
	AutoRedirect bool
}

// Enabled reports whether single sign-on is configured.
func (c OIDCConfig) Enabled() bool { return c.Issuer != "" }

// DefaultSessionIdle ends a browser session left unused for a working day: a shared ward
// or office PC left signed in overnight is signed out by morning, while someone who uses
// Confer on and off through a shift is not asked to sign in again.
const DefaultSessionIdle = 8 * time.Hour

func loadOIDCConfig(get func(k, def string) string) (OIDCConfig, error) {
	c := OIDCConfig{
		Issuer:       get("CONFER_OIDC_ISSUER", ""),
		ClientID:     get("CONFER_OIDC_CLIENT_ID", ""),
		ClientSecret: get("CONFER_OIDC_CLIENT_SECRET", ""),
		Label:        get("CONFER_OIDC_LABEL", "your work account"),
	}
	var err error
	if c.Only, err = parseBool("CONFER_OIDC_ONLY", get("CONFER_OIDC_ONLY", "false")); err != nil {
		return c, err
	}
	if c.AutoRedirect, err = parseBool("CONFER_OIDC_AUTO_REDIRECT", get("CONFER_OIDC_AUTO_REDIRECT", "false")); err != nil {
		return c, err
	}
	if c.Issuer == "" {
		if c.Only || c.AutoRedirect || c.ClientID != "" {
			return c, fmt.Errorf("CONFER_OIDC_ISSUER must be set to use CONFER_OIDC_CLIENT_ID, CONFER_OIDC_ONLY or CONFER_OIDC_AUTO_REDIRECT")
		}
		return c, nil
	}
	if u, err := url.Parse(c.Issuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return c, fmt.Errorf("CONFER_OIDC_ISSUER must be the provider's issuer URL, such as https://login.microsoftonline.com/<tenant id>/v2.0")
	}
	if c.ClientID == "" {
		return c, fmt.Errorf("CONFER_OIDC_CLIENT_ID must be set when CONFER_OIDC_ISSUER is")
	}
	if len(c.Label) > 40 {
		return c, fmt.Errorf("CONFER_OIDC_LABEL must be at most 40 characters (the button reads \"Sign in with <label>\")")
	}
	return c, nil
}

func loadSessionIdle(get func(k, def string) string) (time.Duration, error) {
	d, err := time.ParseDuration(get("CONFER_SESSION_IDLE", DefaultSessionIdle.String()))
	if err != nil || d < 5*time.Minute || d > 14*24*time.Hour {
		return 0, fmt.Errorf("CONFER_SESSION_IDLE must be a duration from 5m to 336h, such as 8h or 30m")
	}
	return d, nil
}
