package notifications_test

import (
	"strings"
	"testing"

	"github.com/confer-nhs/confer/notifications"
)

// emails renders for a test site, as the server's renderer does for its settings.
var emails = notifications.NewRenderer(notifications.Site{Programme: "Shared care record programme", ICS: "North Moor ICS"})

func TestSigninTemplate(t *testing.T) {
	t.Parallel()
	data := notifications.SigninData{Name: "Ann", Link: "https://confer.example/signin?token=abc&x=1", Minutes: 15}
	text, html, err := emails.Render("signin", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Hello Ann,", data.Link, "works once, within 15 minutes", "did not ask to sign in"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	for _, want := range []string{
		"<title>Your Confer sign-in link</title>", "#005eb8", `lang="en-GB"`, "font-size:16px",
		`href="https://confer.example/signin?token=abc&amp;x=1"`, "Sign in to Confer</a>", "15 minutes",
		"did not ask to sign in",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	subject, err := emails.Subject("signin", data)
	if err != nil || subject != "Your Confer sign-in link" {
		t.Errorf("subject = %q, %v", subject, err)
	}
}

func TestSigninTemplateEscapesHTML(t *testing.T) {
	t.Parallel()
	data := notifications.SigninData{Name: `<script>alert("x")</script>`, Link: "javascript:alert(1)", Minutes: 1}
	text, html, err := emails.Render("signin", data)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html, "<script>") || !strings.Contains(html, "&lt;script&gt;") {
		t.Errorf("name not escaped in html")
	}
	if strings.Contains(html, `href="javascript:`) {
		t.Errorf("unsafe link kept in html")
	}
	if !strings.Contains(text, "within 1 minute.") {
		t.Errorf("singular minute wrong:\n%s", text)
	}
}

func TestNewMessageFromTemplate(t *testing.T) {
	t.Parallel()
	m, err := emails.NewMessage("signin", "ann@example.nhs.uk", "Ann",
		notifications.SigninData{Link: "https://confer.example/s", Minutes: 10})
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Your Confer sign-in link" || m.To != "ann@example.nhs.uk" || m.Text == "" || m.HTML == "" {
		t.Errorf("message = %+v", m)
	}
	if !strings.Contains(m.Text, "Hello,") {
		t.Errorf("an empty name should read \"Hello,\":\n%s", m.Text)
	}
}

func TestUnknownTemplate(t *testing.T) {
	t.Parallel()
	if _, _, err := emails.Render("nope", nil); err == nil {
		t.Error("rendering an unknown template succeeded")
	}
}

// TestEmailsNameTheProgramme: every email's header and footer name the programme and its
// ICS from the settings, never "Confer"; without an ICS the footer leaves it out.
func TestEmailsNameTheProgramme(t *testing.T) {
	t.Parallel()
	data := notifications.SigninData{Link: "https://confer.example/s", Minutes: 10}
	text, html, err := emails.Render("signin", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{">Shared care record programme</p>", ">North Moor ICS</p>",
		"This email is from Shared care record programme, North Moor ICS."} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	if !strings.HasSuffix(text, "--\nThis email is from Shared care record programme, North Moor ICS.\n") {
		t.Errorf("text footer:\n%s", text)
	}
	for _, bad := range []string{">Confer</p>", "sent by Confer"} {
		if strings.Contains(html, bad) || strings.Contains(text, bad) {
			t.Errorf("email still says %q", bad)
		}
	}
	other := notifications.NewRenderer(notifications.Site{Programme: "Frailty pathway <redesign>"})
	text, html, err = other.Render("signin", data)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, "Frailty pathway &lt;redesign&gt;</p>") || strings.Contains(html, "North Moor") ||
		!strings.Contains(text, "This email is from Frailty pathway <redesign>.\n") {
		t.Errorf("a second site's email:\n%s\n%s", text, html)
	}
}
