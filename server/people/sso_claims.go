package people

import (
	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/confer-nhs/confer/models"
)

// idClaims are the ID token's claims Confer reads to find the team account.
type idClaims struct {
	Email             string `json:"email"`
	EmailVerified     any    `json:"email_verified"` // a boolean; some providers send "true"
	PreferredUsername string `json:"preferred_username"`
	UPN               string `json:"upn"`
	TenantID          string `json:"tid"` // Microsoft Entra ID's tenant: present on every Entra token
}

func (c idClaims) verified() bool {
	return c.EmailVerified == true || c.EmailVerified == "true"
}

// accountEmail is the address that names the person's team account, or the refusal code.
// `email` counts only when the provider says it verified it. Entra ID often sends no
// verified email, but its preferred_username and upn are the tenant's sign-in names,
// which the tenant's administrators assign (for NHSmail, the NHSmail address); they are
// read only on Entra tokens (with a tid), since elsewhere a user may choose their username.
func accountEmail(t *oidc.IDToken) (string, string) {
	var c idClaims
	if err := t.Claims(&c); err != nil {
		return "", ssoToken
	}
	if c.Email != "" && c.verified() {
		if e, err := models.ParseEmail("email", c.Email); err == nil {
			return e, ""
		}
	}
	if c.TenantID != "" {
		for _, name := range []string{c.PreferredUsername, c.UPN} {
			if e, err := models.ParseEmail("email", name); err == nil {
				return e, ""
			}
		}
	}
	if c.Email != "" {
		return "", ssoUnverified
	}
	return "", ssoNoEmail
}
