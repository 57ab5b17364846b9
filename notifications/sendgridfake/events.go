package sendgridfake

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// The headers SendGrid's signed event webhook sends (see sendgrid-go helpers/eventwebhook).
const (
	SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature"
	TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp"
)

// newSigningKey makes the fake's ECDSA P-256 event-signing key. Key generation from the
// system's random source cannot fail in practice; if it ever does the fake is unusable,
// and a test helper may say so loudly.
func newSigningKey() *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic("sendgridfake: generate event signing key: " + err.Error())
	}
	return k
}

// PublicKeyBase64 is the verification key in the form SendGrid's settings page shows:
// base64 of the DER (PKIX) public key. Configure the app under test with it.
func (s *Server) PublicKeyBase64() string {
	der, err := x509.MarshalPKIXPublicKey(&s.key.PublicKey)
	if err != nil { // only for unsupported curves; P-256 is supported
		return ""
	}
	return base64.StdEncoding.EncodeToString(der)
}

// Sign signs timestamp+payload as SendGrid does: ECDSA over SHA-256, the signature
// ASN.1 DER encoded, then base64. Tests use it to build tampered or replayed requests.
func (s *Server) Sign(payload []byte, timestamp string) (string, error) {
	h := sha256.New()
	h.Write([]byte(timestamp))
	h.Write(payload)
	sig, err := ecdsa.SignASN1(rand.Reader, s.key, h.Sum(nil))
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

// PostEvents posts events as one signed JSON array to url, as SendGrid's event webhook
// does, and fails unless the receiver answers 2xx.
func (s *Server) PostEvents(url string, events []map[string]any) error {
	body, err := json.Marshal(events)
	if err != nil {
		return err
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	sig, err := s.Sign(body, ts)
	if err != nil {
		return err
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "SendGrid Event API")
	req.Header.Set(SignatureHeader, sig)
	req.Header.Set(TimestampHeader, ts)
	resp, err := s.eventClient.Do(req)
	if err != nil {
		return fmt.Errorf("post events: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("post events: %s answered %d", url, resp.StatusCode)
	}
	return nil
}

// ProcessedEvents builds the "processed" events SendGrid would post for an accepted
// request: one per "to" address, with the request's custom_args (the personalization's
// over the message's) merged in as top-level fields, as SendGrid does.
func ProcessedEvents(req *Request) []map[string]any {
	var out []map[string]any
	now := time.Now().Unix()
	for i, p := range req.Mail.Personalizations {
		for _, to := range p.To {
			ev := make(map[string]any)
			maps.Copy(ev, toAny(req.Mail.CustomArgs))
			maps.Copy(ev, toAny(p.CustomArgs))
			ev["email"] = to.Address
			ev["timestamp"] = now
			ev["event"] = "processed"
			ev["sg_event_id"] = randomID(16)
			ev["sg_message_id"] = fmt.Sprintf("%s.filter0001.%d.%d", req.MessageID, req.Seq, i)
			ev["smtp-id"] = "<" + req.MessageID + "@fake.sendgrid>"
			switch cats := req.Mail.Categories; len(cats) {
			case 0:
			case 1:
				ev["category"] = cats[0]
			default:
				ev["category"] = cats
			}
			out = append(out, ev)
		}
	}
	return out
}

// postProcessed posts the processed events for an accepted request in the background,
// when a webhook URL is configured; WaitEvents and Close wait for it.
func (s *Server) postProcessed(req *Request) {
	if s.webhook == "" {
		return
	}
	events := ProcessedEvents(req)
	s.events.start()
	go func() {
		s.events.finish(s.PostEvents(s.webhook, events))
	}()
}

// WaitEvents waits until every automatic event post started so far has finished, and
// returns the errors of the posts that failed since the last call.
func (s *Server) WaitEvents() error { return s.events.wait() }

// eventPosts tracks background posts. A WaitGroup would forbid Add racing with Wait,
// which is exactly what a test calling WaitEvents while mail is still arriving does.
type eventPosts struct {
	mu      sync.Mutex
	idle    *sync.Cond
	pending int
	errs    []error
}

func (e *eventPosts) init() { e.idle = sync.NewCond(&e.mu) }

func (e *eventPosts) start() {
	e.mu.Lock()
	e.pending++
	e.mu.Unlock()
}

func (e *eventPosts) finish(err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err != nil {
		e.errs = append(e.errs, err)
	}
	if e.pending--; e.pending == 0 {
		e.idle.Broadcast()
	}
}

func (e *eventPosts) wait() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	for e.pending > 0 {
		e.idle.Wait()
	}
	err := errors.Join(e.errs...)
	e.errs = nil
	return err
}

func toAny(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// randomID returns n random bytes, URL-safe base64 encoded.
func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
