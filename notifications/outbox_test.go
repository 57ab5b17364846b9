package notifications_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/notifications"
)

func openStore(t *testing.T) *models.Store {
	t.Helper()
	store, err := models.Open(t.Context(), models.OpenOptions{SQLitePath: filepath.Join(t.TempDir(), "confer.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

func TestOutboxStoresMessage(t *testing.T) {
	t.Parallel()
	store := openStore(t)
	var sender notifications.Sender = notifications.NewOutbox(store, "Confer <confer@localhost>")
	if err := sender.Send(t.Context(), sampleMessage()); err != nil {
		t.Fatal(err)
	}
	msgs, total, err := store.ListOutbox(t.Context(), "ann.smith@example.nhs.uk", models.Page{})
	if err != nil || total != 1 {
		t.Fatalf("outbox for lower-cased address: %d messages, %v", total, err)
	}
	m := msgs[0]
	if m.From != "Confer <confer@localhost>" || m.ToName != "Ann Smith" || m.Subject != "Hello" ||
		m.Text != "plain body" || m.HTML != "<p>html body</p>" || m.Category != "signin" {
		t.Errorf("stored %+v", m)
	}
	if m.Headers["List-Unsubscribe"] != "<https://confer.example/u/1>" {
		t.Errorf("headers = %v", m.Headers)
	}
	if len(m.Attachments) != 1 || string(m.Attachments[0].Content) != "BEGIN:VCALENDAR" ||
		m.Attachments[0].ContentType != "text/calendar" {
		t.Errorf("attachments = %+v", m.Attachments)
	}
}

func TestOutboxRejectsInvalidMessage(t *testing.T) {
	t.Parallel()
	store := openStore(t)
	m := sampleMessage()
	m.Subject = ""
	if err := notifications.NewOutbox(store, "x@localhost").Send(t.Context(), m); models.ErrorCode(err) != models.EINVALID {
		t.Fatalf("err = %v, want invalid", err)
	}
	if _, total, _ := store.ListOutbox(t.Context(), "", models.Page{}); total != 0 {
		t.Errorf("%d messages stored", total)
	}
}

func TestOutboxBatchExpandsSubstitutions(t *testing.T) {
	t.Parallel()
	store := openStore(t)
	var sender notifications.BatchSender = notifications.NewOutbox(store, "confer@localhost")
	if err := sender.SendBatch(t.Context(), sampleBatch(3)); err != nil {
		t.Fatal(err)
	}
	_, total, err := store.ListOutbox(t.Context(), "", models.Page{})
	if err != nil || total != 3 {
		t.Fatalf("%d stored, %v; want 3", total, err)
	}
	msgs, _, _ := store.ListOutbox(t.Context(), "person1@example.nhs.uk", models.Page{})
	if len(msgs) != 1 {
		t.Fatalf("no message for person1")
	}
	m := msgs[0]
	if m.Subject != "Update for Person 1" || m.Text != "Hello Person 1, unsubscribe: https://confer.example/u/1" ||
		!strings.Contains(m.HTML, `href="https://confer.example/u/1"`) || m.Headers["List-Unsubscribe"] != "<https://confer.example/u/1>" {
		t.Errorf("substitutions not applied: %+v", m)
	}
	if strings.Contains(m.Text+m.HTML, "Person 2") {
		t.Errorf("another recipient's data leaked into person1's message")
	}
}

func TestOutboxBatchLongerKeysFirst(t *testing.T) {
	t.Parallel()
	store := openStore(t)
	b := &notifications.Batch{Subject: "s", Text: "-name-full- / -name-", Recipients: []notifications.Recipient{{
		Email:         "a@example.nhs.uk",
		Substitutions: map[string]string{"-name-": "Ann", "-name-full-": "Ann Smith"},
	}}}
	if err := notifications.NewOutbox(store, "x@localhost").SendBatch(t.Context(), b); err != nil {
		t.Fatal(err)
	}
	msgs, _, _ := store.ListOutbox(t.Context(), "", models.Page{})
	if msgs[0].Text != "Ann Smith / Ann" {
		t.Errorf("text = %q", msgs[0].Text)
	}
}

func TestOutboxBatchTooLarge(t *testing.T) {
	t.Parallel()
	store := openStore(t)
	err := notifications.NewOutbox(store, "x@localhost").SendBatch(t.Context(), sampleBatch(notifications.MaxBatchSize+1))
	if models.ErrorCode(err) != models.EINVALID {
		t.Fatalf("err = %v, want invalid", err)
	}
}
