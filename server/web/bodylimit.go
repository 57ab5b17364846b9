package web

import (
	"fmt"
	"io"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Request bodies are streamed (StreamRequestBody), so nothing is held in memory until a
// Route asks for it, and then only up to that route's limit. JSON routes take maxJSONBody;
// the routes below take more.
const (
	MaxImportBody  = 10 << 20               // a CSV import's file (about 100,000 staff-list lines)
	maxUploadBody  = MaxImportBody + 64<<10 // a CSV import, with room for multipart framing
	MaxWebhookBody = 8 << 20                // a SendGrid event batch
	MaxRouteBody   = maxUploadBody          // the largest of them: Fiber's BodyLimit
)

// bodyLimits are the routes that take more than a JSON body, by path prefix (so an
// import's preview or confirm step shares its limit). Everything else takes maxJSONBody.
var bodyLimits = []struct {
	prefix string
	limit  int
}{
	{"/api/v1/contacts/import", maxUploadBody},
	{"/api/v1/webhooks/sendgrid", MaxWebhookBody},
}

func bodyLimitFor(path string) int {
	for _, l := range bodyLimits {
		if strings.HasPrefix(path, l.prefix) {
			return l.limit
		}
	}
	return MaxJSONBody
}

// maxDrainBody is the largest refused body read off the connection (into nothing) before
// the 413 goes out. A client that is still writing when the server closes sees a reset
// instead of the refusal, so a body a little over its limit (a big paste, a large file on
// the wrong form) is drained and answered; anything larger is cut off unread.
const maxDrainBody = 4 << 20

// RefuseLargeBodies runs before routing: a declared Content-Length over the route's limit
// is refused with 413, holding none of the body: up to maxDrainBody is read and dropped,
// beyond that the connection is closed before a byte more is read. Compressed request bodies are refused too: a small gzip body can
// inflate to gigabytes, and nothing Confer serves sends one.
func (s *Kit) RefuseLargeBodies(c *fiber.Ctx) error {
	limit := bodyLimitFor(c.Path())
	if n := c.Request().Header.ContentLength(); n > limit {
		if n <= maxDrainBody {
			discardBody(c, n)
		} else {
			c.Context().SetConnectionClose()
		}
		return tooLarge(limit)
	}
	if ce := strings.TrimSpace(c.Get(fiber.HeaderContentEncoding)); ce != "" && !strings.EqualFold(ce, "identity") {
		return &fiber.Error{Code: fiber.StatusUnsupportedMediaType, Message: "compressed request bodies are not accepted: send it uncompressed"}
	}
	return c.Next()
}

// readBody is the last step before a route's handler: it reads the streamed body, at most
// limit bytes (a chunked body declares no length), so the handler's c.Body() is bounded.
func readBody(limit int) fiber.Handler {
	return func(c *fiber.Ctx) error {
		req := c.Request()
		if !req.IsBodyStream() {
			return c.Next()
		}
		data, err := io.ReadAll(io.LimitReader(c.Context().RequestBodyStream(), int64(limit)+1))
		if err != nil {
			return &fiber.Error{Code: fiber.StatusBadRequest, Message: "the request body could not be read"}
		}
		if len(data) > limit {
			return tooLarge(limit)
		}
		req.SetBodyRaw(data)
		return c.Next()
	}
}

func tooLarge(limit int) error {
	return &fiber.Error{Code: fiber.StatusRequestEntityTooLarge,
		Message: fmt.Sprintf("request body too large: this route takes at most %s", sizeText(limit))}
}

func sizeText(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// discardBody reads and drops what is left of a refused request's body, up to limit,
// holding none of it. Without it fasthttp closes a connection with more than 256 KB
// unread, and a client still writing its body sees a reset instead of the refusal.
func discardBody(c *fiber.Ctx, limit int) {
	if c.Request().IsBodyStream() {
		_, _ = io.Copy(io.Discard, io.LimitReader(c.Context().RequestBodyStream(), int64(limit)))
	}
}
