package campaigns

import (
	"html/template"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/server/web"
)

func (s *Area) registerUnsubscribeRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/unsubscribe/:token", web.Public, s.unsubscribePage)
	s.Route(r, fiber.MethodPost, "/unsubscribe/:token", web.Public, s.unsubscribe)
}

// unsubscribePolicy lets the small unsubscribe page use its inline styles and post its
// one form to itself, and nothing else.
const UnsubscribePolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

var unsubscribeTmpl = template.Must(template.New("unsubscribe").Parse(`<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} - Confer</title>
<style>
body{margin:0;font-family:Arial,Helvetica,sans-serif;font-size:19px;line-height:1.47;color:#212b32;background:#f0f4f5}
header{background:#005eb8;color:#fff;padding:16px 24px;font-weight:bold;font-size:24px}
main{max-width:640px;margin:0 auto;padding:32px 16px}
h1{font-size:32px;line-height:1.2;margin:0 0 24px}
button{font:inherit;font-weight:bold;color:#fff;background:#007f3b;border:0;border-bottom:4px solid #00401e;border-radius:4px;padding:12px 16px;min-height:44px;cursor:pointer}
button:focus{outline:4px solid #ffeb3b;box-shadow:0 4px 0 #212b32;background:#ffeb3b;color:#212b32}
</style></head>
<body><header>Confer</header><main id="main-content">
<h1>{{.Title}}</h1>
{{if .Done}}<p>You will not receive any more newsletters from Confer. Operational notices about services you work in will still reach you.</p>
{{else if .Found}}<p>Unsubscribe {{.Email}} from newsletters such as “{{.Campaign}}”? Operational notices about services you work in will still reach you.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>
{{else}}<p>This unsubscribe link is not valid. Copy the whole link from the email, or ask your communications team to remove you.</p>{{end}}
</main></body></html>`))

type unsubscribeData struct {
	Title, Email, Campaign string
	Found, Done            bool
}

func (s *Area) renderUnsubscribe(c *fiber.Ctx, status int, d unsubscribeData) error {
	c.Set("Content-Security-Policy", UnsubscribePolicy)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Type("html", "utf-8")
	c.Status(status)
	return unsubscribeTmpl.Execute(c.Response().BodyWriter(), d)
}

// unsubscribePage asks for confirmation: a GET never unsubscribes, because mail scanners
// follow links.
func (s *Area) unsubscribePage(c *fiber.Ctx) error {
	t, err := s.db.LookupUnsubscribe(c.UserContext(), c.Params("token"))
	if models.ErrorCode(err) == models.ENOTFOUND {
		return s.renderUnsubscribe(c, fiber.StatusNotFound, unsubscribeData{Title: "Link not recognised"})
	}
	if err != nil {
		return err
	}
	return s.renderUnsubscribe(c, fiber.StatusOK, unsubscribeData{Title: "Unsubscribe from newsletters",
		Email: t.Recipient.Email, Campaign: t.Campaign.Name, Found: true})
}

// unsubscribe is both the RFC 8058 one-click POST (body List-Unsubscribe=One-Click, sent
// by mail clients) and the confirmation form's POST.
func (s *Area) unsubscribe(c *fiber.Ctx) error {
	t, err := s.db.LookupUnsubscribe(c.UserContext(), c.Params("token"))
	if models.ErrorCode(err) == models.ENOTFOUND {
		return s.renderUnsubscribe(c, fiber.StatusNotFound, unsubscribeData{Title: "Link not recognised"})
	}
	if err != nil {
		return err
	}
	if err := s.db.Unsubscribe(c.UserContext(), t); err != nil {
		return err
	}
	return s.renderUnsubscribe(c, fiber.StatusOK, unsubscribeData{Title: "You have unsubscribed", Done: true})
}
