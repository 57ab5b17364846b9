package notifications_test

import (
	"strings"
	"testing"

	"github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/notifications"
)

const sampleMarkdown = `# Go-live on Monday

Hello {{first_name}},
the new record arrives at **{{organisation}}** on _Monday_.
Bring your smartcard.

## What to do

- Read the [quick guide](https://example.nhs.uk/guide)
- Book a session at https://example.nhs.uk/book
  before Friday

1. Sign in
2. Check your ~~old~~ new patients

> Ask your ward manager
> if you are unsure.

| Site | Day |
| --- | --- |
| Moorside | Monday |

Use ` + "`Ctrl` + `F`" + ` to search, \*not\* the menu. Fish &amp; chips.

---

Thanks,
The team`

// TestCampaignKeepsLineBreaks: a single line break inside a paragraph arrives as a line
// break (the author's sign-off and address lines stay on their lines).
func TestCampaignKeepsLineBreaks(t *testing.T) {
	t.Parallel()
	m, err := emails.Campaign(&campaigns.Campaign{Subject: "S", BodyMarkdown: sampleMarkdown, Kind: campaigns.KindNotice})
	if err != nil {
		t.Fatal(err)
	}
	_, _, html := m.Personalise(notifications.PersonalFields{Name: "Ann Lee", Organisation: "Moorside"})
	for _, want := range []string{"Hello Ann,<br>\nthe new record arrives at <strong>Moorside</strong>", "on <em>Monday</em>.<br>\nBring",
		"<p>Thanks,<br>\nThe team</p>", "<h1>Go-live on Monday</h1>"} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %q:\n%s", want, html)
		}
	}
}

// TestCampaignPlainTextIsReadable: the plain-text part is the words a reader sees, not the
// Markdown: no ** or #, links as "text (address)", lists with "- " and "1.", line breaks kept.
func TestCampaignPlainTextIsReadable(t *testing.T) {
	t.Parallel()
	m, err := emails.Campaign(&campaigns.Campaign{Subject: "S", BodyMarkdown: sampleMarkdown, Kind: campaigns.KindNewsletter})
	if err != nil {
		t.Fatal(err)
	}
	_, text, _ := m.Personalise(notifications.PersonalFields{Name: "Ann Lee", Organisation: "Moorside", UnsubscribeURL: "https://x/unsub"})
	want := `Go-live on Monday

Hello Ann,
the new record arrives at Moorside on Monday.
Bring your smartcard.

What to do

- Read the quick guide (https://example.nhs.uk/guide)
- Book a session at https://example.nhs.uk/book
  before Friday

1. Sign in
2. Check your old new patients

    Ask your ward manager
    if you are unsure.

Site | Day
Moorside | Monday

Use Ctrl + F to search, *not* the menu. Fish & chips.

----------

Thanks,
The team

--
This email is from Shared care record programme, North Moor ICS.
You receive this newsletter as a member of staff in your integrated care system.
Unsubscribe: https://x/unsub
`
	if text != want {
		t.Errorf("plain text:\n%s\nwant:\n%s", text, want)
	}
	for _, bad := range []string{"**", "# ", "](", "~~", "_Monday_", "`", "&amp;"} {
		if strings.Contains(text, bad) {
			t.Errorf("plain text keeps Markdown %q", bad)
		}
	}
}

// TestCampaignNamesTheProgramme: the campaign's header and footer name the site.
func TestCampaignNamesTheProgramme(t *testing.T) {
	t.Parallel()
	m, err := emails.Campaign(&campaigns.Campaign{Subject: "S", BodyMarkdown: "Hi", Kind: campaigns.KindNotice})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.HTML, ">Shared care record programme</p>") || !strings.Contains(m.HTML, "This email is from Shared care record programme, North Moor ICS.") ||
		!strings.Contains(m.HTML, "operational notice") || strings.Contains(m.HTML, "Confer") {
		t.Errorf("campaign html:\n%s", m.HTML)
	}
}
