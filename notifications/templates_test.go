package notifications_test

import (
	"strings"
	"testing"

	"github.com/confer-nhs/confer/notifications"
)

func TestSigninTemplate(t *testing.T) {
	t.Parallel()
	data := notifications.SigninData{Name: "Ann", Link: "https://confer.example/signin?token=abc&x=1", Minutes: 15}
	text, html, err := notifications.Render("signin", data)
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
	subject, err := notifications.Subject("signin", data)
	if err != nil || subject != "Your Confer sign-in link" {
		t.Errorf("subject = %q, %v", subject, err)
	}
}

func TestSigninTemplateEscapesHTML(t *testing.T) {
	t.Parallel()
	data := notifications.SigninData{Name: `<script>alert("x")</script>`, Link: "javascript:alert(1)", Minutes: 1}
	text, html, err := notifications.Render("signin", data)
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
	m, err := notifications.NewMessage("signin", "ann@example.nhs.uk", "Ann",
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
	if _, _, err := notifications.Render("nope", nil); err == nil {
		t.Error("rendering an unknown template succeeded")
	}
}
