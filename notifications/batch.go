package notifications

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/confer-nhs/confer/models"
)

// MaxBatchSize is SendGrid's limit of personalizations per /v3/mail/send request. A batch
// gives each recipient their own personalization, so it is also the recipient limit; the
// campaign dispatcher splits its audience into chunks of this size.
const MaxBatchSize = 1000

// Batch is one email body sent separately to many recipients in one request. Each
// recipient gets their own personalization, so nobody sees another recipient's address.
type Batch struct {
	Subject, Text, HTML string
	ReplyTo             string
	Headers             map[string]string
	Categories          []string
	CustomArgs          map[string]string
	Recipients          []Recipient
}

// Recipient is one addressee of a batch with their own substitutions.
//
// Substitutions replace each key (e.g. "-unsubscribe_url-") wherever it appears in the
// subject, text, HTML and header values, verbatim, as SendGrid does. The same value lands
// in the HTML part unescaped, so values must be safe there too (URLs and tokens, or text
// the caller has already escaped).
type Recipient struct {
	Email, Name   string
	Substitutions map[string]string
	CustomArgs    map[string]string // merged over the batch's, for this recipient's events
	Headers       map[string]string // merged over the batch's
}

// validate checks the shared body and every recipient, and refuses more recipients than
// one SendGrid request can carry rather than silently splitting them.
func (b *Batch) validate() error {
	if err := validateContent(b.Subject, b.Text, b.HTML); err != nil {
		return err
	}
	switch n := len(b.Recipients); {
	case n == 0:
		return models.Invalid("recipients", "a batch needs at least one recipient")
	case n > MaxBatchSize:
		return models.Invalid("recipients", "a batch can have at most %d recipients, not %d", MaxBatchSize, n)
	}
	if len(b.Categories) > maxCategories {
		return models.Invalid("categories", "at most %d categories", maxCategories)
	}
	if err := validateHeaders("headers", b.Headers); err != nil {
		return err
	}
	for i, r := range b.Recipients {
		field := fmt.Sprintf("recipients.%d", i)
		if err := validateAddress(field+".email", r.Email); err != nil {
			return err
		}
		if err := validateLine(field+".name", r.Name, maxNameLen); err != nil {
			return err
		}
		if err := validateHeaders(field+".headers", r.Headers); err != nil {
			return err
		}
	}
	return nil
}

// substituter returns a function applying subs to a string. Longer keys go first so that
// "-name-full-" is never clobbered by "-name-"; the order is fixed, so output is stable.
func substituter(subs map[string]string) func(string) string {
	if len(subs) == 0 {
		return func(s string) string { return s }
	}
	keys := slices.SortedFunc(maps.Keys(subs), func(a, b string) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b))
	})
	pairs := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		if k != "" {
			pairs = append(pairs, k, subs[k])
		}
	}
	return strings.NewReplacer(pairs...).Replace
}

// merged returns a new map of base overlaid with over, never nil (the outbox stores
// headers as JSON, and {} reads better than null).
func merged(base, over map[string]string) map[string]string {
	out := make(map[string]string, len(base)+len(over))
	maps.Copy(out, base)
	maps.Copy(out, over)
	return out
}
