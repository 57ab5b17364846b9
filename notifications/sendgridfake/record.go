package sendgridfake

import (
	"net/http"
	"strings"
	"time"

	sgmail "github.com/sendgrid/sendgrid-go/helpers/mail"
)

// Request is one well-formed, authorised request the fake received, as its Hook sees it
// and as Accepted returns it once answered with a 2xx.
type Request struct {
	Seq       int64            // 1-based order of arrival among all requests
	Header    http.Header      // as sent (including Authorization)
	Body      []byte           // as sent, after gzip decoding
	Mail      *sgmail.SGMailV3 // the decoded body
	Received  time.Time
	MessageID string // the X-Message-Id the fake answered with, once accepted
	// Gone is closed when the client has gone away (its process died, say): a Hook that
	// holds a request can tell a sender that is still waiting from one that never will.
	Gone <-chan struct{}
}

// Recipients lists every "to" address of the request, personalization by personalization.
func (r *Request) Recipients() []string {
	var out []string
	for _, p := range r.Mail.Personalizations {
		for _, to := range p.To {
			out = append(out, to.Address)
		}
	}
	return out
}

// Requests counts every request received, well-formed or not, answered or not.
func (s *Server) Requests() int { return int(s.requests.Load()) }

// Accepted returns a copy of the requests answered with a 2xx, in the order answered.
func (s *Server) Accepted() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.accepted))
	copy(out, s.accepted)
	return out
}

// Messages counts accepted messages: one per "to" address of each accepted personalization.
func (s *Server) Messages() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messages
}

// MessagesTo counts accepted messages to one address (case-insensitive).
func (s *Server) MessagesTo(email string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.perEmail[strings.ToLower(email)]
}

// Reset forgets every recorded request and count, and the scripted queue; the hook stays.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accepted, s.messages, s.queue = nil, 0, nil
	s.perEmail = make(map[string]int)
	s.requests.Store(0)
}

// Enqueue appends scripted responses; each answers one well-formed request, in order.
func (s *Server) Enqueue(rs ...Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, rs...)
}

// SetHook sets the function that answers well-formed requests once the queue is empty.
func (s *Server) SetHook(h func(*Request) Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hook = h
}

// next picks the answer for a request: the queue first, then the hook, then 202.
func (s *Server) next(req *Request) Response {
	s.mu.Lock()
	if len(s.queue) > 0 {
		r := s.queue[0]
		s.queue = s.queue[1:]
		s.mu.Unlock()
		return r
	}
	hook := s.hook
	s.mu.Unlock()
	if hook != nil {
		return hook(req) // outside the lock, so a hook may call the accessors
	}
	return Accepted()
}

// record stores an accepted request and counts its messages.
func (s *Server) record(req *Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accepted = append(s.accepted, *req)
	for _, to := range req.Recipients() {
		s.perEmail[strings.ToLower(to)]++
		s.messages++
	}
}
