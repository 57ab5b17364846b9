package notifications

import (
	"cmp"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sendgrid/rest"
	"github.com/sendgrid/sendgrid-go/helpers/mail"
)

// Defaults for SendGridConfig's zero values.
const (
	DefaultSendGridURL = "https://api.sendgrid.com"
	DefaultTimeout     = 15 * time.Second
	DefaultMaxRetries  = 5
	DefaultBackoffBase = 500 * time.Millisecond
	DefaultBackoffMax  = 30 * time.Second
)

// mailSendEndpoint is appended to the host, as sendgrid.GetRequest does (host + endpoint).
const mailSendEndpoint = "/v3/mail/send"

// SendGridConfig configures the SendGrid sender. Only APIKey and From are required.
type SendGridConfig struct {
	APIKey  string
	BaseURL string // default https://api.sendgrid.com; a test double's URL in tests
	From    string // "Name <addr>" or addr; must be a verified sender in SendGrid
	// Timeout bounds each attempt (connect, send, read the answer). Default 15s.
	Timeout time.Duration
	// MaxRetries is how many times a temporary failure is retried after the first
	// attempt. 0 means the default (5); a negative value means never retry.
	MaxRetries int
	// BackoffBase and BackoffMax shape the exponential backoff between retries when
	// SendGrid does not say how long to wait. Defaults 500ms and 30s.
	BackoffBase, BackoffMax time.Duration
	Logger                  *slog.Logger // default: discard
	// HTTPClient is copied, never modified; its Timeout is replaced by Timeout when zero.
	HTTPClient *http.Client
}

// SendGrid sends mail through SendGrid's v3 mail/send API, retrying temporary failures.
// It is safe for concurrent use: each attempt builds its own request.
type SendGrid struct {
	key, host   string
	from        *mail.Email
	client      *rest.Client
	maxRetries  int
	base, limit time.Duration
	log         *slog.Logger
	// configErr is a bad From or BaseURL, reported by every send: NewSendGrid cannot fail,
	// and retrying a malformed URL as if it were a network error would only waste time.
	configErr error
	// observer hears each request's answer and time (ObserveRequests: the server's metrics).
	observer atomic.Pointer[func(status int, took time.Duration)]
}

// ObserveRequests has fn hear every request to SendGrid (each retry too): the status of
// its answer, 0 when none came, and how long it took.
func (s *SendGrid) ObserveRequests(fn func(status int, took time.Duration)) { s.observer.Store(&fn) }

func (s *SendGrid) observe(resp *rest.Response, took time.Duration) {
	fn := s.observer.Load()
	if fn == nil {
		return
	}
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	(*fn)(status, took)
}

// NewSendGrid builds a SendGrid sender, filling defaults. It keeps its own HTTP client
// with a timeout, because sendgrid-go's default client has none and a stalled connection
// would otherwise hang a sign-in request or a campaign worker forever.
func NewSendGrid(cfg SendGridConfig) *SendGrid {
	s := &SendGrid{
		key:        cfg.APIKey,
		host:       strings.TrimRight(cmp.Or(cfg.BaseURL, DefaultSendGridURL), "/"),
		maxRetries: cfg.MaxRetries,
		base:       cmp.Or(cfg.BackoffBase, DefaultBackoffBase),
		limit:      cmp.Or(cfg.BackoffMax, DefaultBackoffMax),
		log:        cfg.Logger,
	}
	switch {
	case s.maxRetries == 0:
		s.maxRetries = DefaultMaxRetries
	case s.maxRetries < 0:
		s.maxRetries = 0
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		c := *cfg.HTTPClient
		hc = &c
	}
	if hc.Timeout == 0 {
		hc.Timeout = cmp.Or(cfg.Timeout, DefaultTimeout)
	}
	s.client = &rest.Client{HTTPClient: hc}

	from, err := mail.ParseEmail(cfg.From)
	s.from = from
	if err != nil {
		s.configErr = &SendError{Message: "the configured From address is not an email address"}
	}
	if u, err := url.Parse(s.host); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		s.configErr = &SendError{Message: "the configured SendGrid URL is not an http(s) URL"}
	}
	if cfg.APIKey == "" {
		s.configErr = &SendError{Message: "no SendGrid API key is configured"}
	}
	return s
}

// Send delivers one message, retrying temporary failures (see SendGridConfig).
func (s *SendGrid) Send(ctx context.Context, m *Message) error {
	if err := m.validate(); err != nil {
		return err
	}
	return s.send(ctx, s.messageMail(m), 1)
}

// SendBatch delivers one body to up to MaxBatchSize recipients in a single request, each
// in their own personalization with their own substitutions. Same retry policy as Send;
// a retried batch is all-or-nothing from SendGrid's side, so no recipient is sent twice
// unless SendGrid accepted a request whose answer we never received.
func (s *SendGrid) SendBatch(ctx context.Context, b *Batch) error {
	if err := b.validate(); err != nil {
		return err
	}
	return s.send(ctx, s.batchMail(b), len(b.Recipients))
}

func (s *SendGrid) send(ctx context.Context, m *mail.SGMailV3, recipients int) error {
	if s.configErr != nil {
		return s.configErr
	}
	body, err := json.Marshal(m)
	if err != nil {
		return &SendError{Message: "encode request: " + err.Error(), Err: err}
	}
	return s.post(ctx, body, recipients)
}
