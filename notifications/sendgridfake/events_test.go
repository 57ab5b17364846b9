package sendgridfake_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/sendgrid/sendgrid-go/helpers/eventwebhook"

	"github.com/confer-nhs/confer/notifications/sendgridfake"
)

// receiver is a webhook endpoint that verifies signatures with sendgrid-go's own helper,
// the same check the app's webhook handler will make.
type receiver struct {
	t       *testing.T
	key     string
	mu      sync.Mutex
	events  []map[string]any
	invalid int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	pub, err := eventwebhook.ConvertPublicKeyBase64ToECDSA(rc.key)
	if err != nil {
		rc.t.Errorf("public key: %v", err)
	}
	ok, err := eventwebhook.VerifySignature(pub, body,
		r.Header.Get(eventwebhook.VerificationHTTPHeader), r.Header.Get(eventwebhook.TimestampHTTPHeader))
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if err != nil || !ok {
		rc.invalid++
		w.WriteHeader(http.StatusForbidden)
		return
	}
	var evs []map[string]any
	if err := json.Unmarshal(body, &evs); err != nil {
		rc.t.Errorf("events body: %v", err)
	}
	rc.events = append(rc.events, evs...)
}

// received returns the events and the count of badly signed posts so far.
func (rc *receiver) received() ([]map[string]any, int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]map[string]any(nil), rc.events...), rc.invalid
}

func TestPostEventsSignatureVerifiesWithSendGridHelper(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{})
	rc := &receiver{t: t, key: fake.PublicKeyBase64()}
	hook := httptest.NewServer(rc)
	defer hook.Close()

	events := []map[string]any{{"email": "ann@example.nhs.uk", "event": "delivered", "timestamp": 1700000000}}
	if err := fake.PostEvents(hook.URL, events); err != nil {
		t.Fatal(err)
	}
	if got, _ := rc.received(); len(got) != 1 || got[0]["event"] != "delivered" {
		t.Errorf("received %v", got)
	}

	// A signature for other bytes must not verify.
	sig, _ := fake.Sign([]byte(`[{"event":"delivered"}]`), "1700000000")
	req, _ := http.NewRequest("POST", hook.URL, strings.NewReader(`[{"event":"bounce"}]`))
	req.Header.Set(sendgridfake.SignatureHeader, sig)
	req.Header.Set(sendgridfake.TimestampHeader, "1700000000")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, invalid := rc.received(); resp.StatusCode != http.StatusForbidden || invalid != 1 {
		t.Errorf("tampered body: %d, %d invalid", resp.StatusCode, invalid)
	}
}

func TestFakePostsProcessedEvents(t *testing.T) {
	t.Parallel()
	rc := &receiver{t: t}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	fake := sendgridfake.New(t, sendgridfake.Options{EventWebhookURL: hook.URL})
	rc.key = fake.PublicKeyBase64()

	body := `{"from":{"email":"confer@example.nhs.uk"},"subject":"Hi","categories":["campaign"],
	 "custom_args":{"campaign_id":"7","recipient_id":"shared"},
	 "personalizations":[{"to":[{"email":"a@example.nhs.uk"}],"custom_args":{"recipient_id":"1"}},
	                     {"to":[{"email":"b@example.nhs.uk"}],"custom_args":{"recipient_id":"2"}}],
	 "content":[{"type":"text/plain","value":"hi"}]}`
	if status, _ := post(t, fake, "POST", "/v3/mail/send", fake.APIKey(), body); status != 202 {
		t.Fatalf("status %d", status)
	}
	if err := fake.WaitEvents(); err != nil {
		t.Fatal(err)
	}
	msgID := fake.Accepted()[0].MessageID
	events, invalid := rc.received()
	if len(events) != 2 || invalid != 0 {
		t.Fatalf("received %d events, %d invalid", len(events), invalid)
	}
	for i, ev := range events {
		want := map[string]any{"event": "processed", "campaign_id": "7", "category": "campaign",
			"email": []string{"a@example.nhs.uk", "b@example.nhs.uk"}[i], "recipient_id": []string{"1", "2"}[i]}
		for k, v := range want {
			if ev[k] != v {
				t.Errorf("event %d: %s = %v, want %v", i, k, ev[k], v)
			}
		}
		if id, _ := ev["sg_message_id"].(string); !strings.HasPrefix(id, msgID+".") {
			t.Errorf("sg_message_id %q does not start with X-Message-Id %q", id, msgID)
		}
		if ev["sg_event_id"] == "" || ev["timestamp"] == nil {
			t.Errorf("event %d lacks sg_event_id or timestamp: %v", i, ev)
		}
	}
}

func TestFakeReportsFailedEventPosts(t *testing.T) {
	t.Parallel()
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer hook.Close()
	fake := sendgridfake.New(t, sendgridfake.Options{EventWebhookURL: hook.URL})
	post(t, fake, "POST", "/v3/mail/send", fake.APIKey(), goodMail)
	if err := fake.WaitEvents(); err == nil || !strings.Contains(err.Error(), "500") {
		t.Errorf("WaitEvents = %v, want the receiver's 500", err)
	}
}
