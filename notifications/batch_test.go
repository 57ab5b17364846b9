package notifications_test

import (
	"fmt"
	"testing"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/notifications"
	"github.com/confer-nhs/confer/notifications/sendgridfake"
)

func sampleBatch(n int) *notifications.Batch {
	b := &notifications.Batch{
		Subject:    "Update for -name-",
		Text:       "Hello -name-, unsubscribe: -unsub-",
		HTML:       "<p>Hello -name-</p><a href=\"-unsub-\">unsubscribe</a>",
		Headers:    map[string]string{"List-Unsubscribe": "<-unsub->"},
		Categories: []string{"campaign"},
		CustomArgs: map[string]string{"campaign_id": "7"},
	}
	for i := range n {
		b.Recipients = append(b.Recipients, notifications.Recipient{
			Email: fmt.Sprintf("Person%d@example.nhs.uk", i),
			Name:  fmt.Sprintf("Person %d", i),
			Substitutions: map[string]string{
				"-name-":  fmt.Sprintf("Person %d", i),
				"-unsub-": fmt.Sprintf("https://confer.example/u/%d", i),
			},
			CustomArgs: map[string]string{"recipient_id": fmt.Sprint(i)},
		})
	}
	return b
}

func TestSendBatchOneRequestManyPersonalizations(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{})
	if err := newSender(fake, nil).SendBatch(t.Context(), sampleBatch(3)); err != nil {
		t.Fatal(err)
	}
	got := fake.Accepted()
	if len(got) != 1 {
		t.Fatalf("%d requests accepted, want 1", len(got))
	}
	m := got[0].Mail
	if len(m.Personalizations) != 3 || fake.Messages() != 3 {
		t.Fatalf("%d personalizations, %d messages; want 3 and 3", len(m.Personalizations), fake.Messages())
	}
	for i, p := range m.Personalizations {
		if len(p.To) != 1 || p.To[0].Address != fmt.Sprintf("Person%d@example.nhs.uk", i) {
			t.Errorf("personalization %d to = %+v; each recipient must be alone", i, p.To)
		}
		if p.Substitutions["-name-"] != fmt.Sprintf("Person %d", i) || p.CustomArgs["recipient_id"] != fmt.Sprint(i) {
			t.Errorf("personalization %d: substitutions %v, custom_args %v", i, p.Substitutions, p.CustomArgs)
		}
	}
	if m.Subject != "Update for -name-" || m.CustomArgs["campaign_id"] != "7" || m.Content[0].Type != "text/plain" {
		t.Errorf("shared parts: subject %q, custom_args %v", m.Subject, m.CustomArgs)
	}
}

func TestSendBatchAtTheLimit(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{})
	if err := newSender(fake, nil).SendBatch(t.Context(), sampleBatch(notifications.MaxBatchSize)); err != nil {
		t.Fatal(err)
	}
	if fake.Requests() != 1 || fake.Messages() != notifications.MaxBatchSize {
		t.Errorf("%d requests, %d messages", fake.Requests(), fake.Messages())
	}
}

func TestSendBatchRejectsOversizeAndEmpty(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{})
	s := newSender(fake, nil)
	for _, n := range []int{0, notifications.MaxBatchSize + 1} {
		err := s.SendBatch(t.Context(), sampleBatch(n))
		if models.ErrorCode(err) != models.EINVALID || models.ErrorField(err) != "recipients" {
			t.Errorf("%d recipients: err = %v, want invalid recipients", n, err)
		}
	}
	b := sampleBatch(2)
	b.Recipients[1].Email = "not-an-address"
	if err := s.SendBatch(t.Context(), b); models.ErrorField(err) != "recipients.1.email" {
		t.Errorf("bad address: err = %v (field %q)", err, models.ErrorField(err))
	}
	if fake.Requests() != 0 {
		t.Errorf("%d requests reached SendGrid", fake.Requests())
	}
}

func TestSendBatchRetriesLikeSend(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{Responses: []sendgridfake.Response{
		sendgridfake.ServerError(), sendgridfake.Accepted(),
	}})
	if err := newSender(fake, nil).SendBatch(t.Context(), sampleBatch(5)); err != nil {
		t.Fatal(err)
	}
	if fake.Requests() != 2 || fake.Messages() != 5 {
		t.Errorf("%d requests, %d messages; want 2 and 5", fake.Requests(), fake.Messages())
	}
}
