package web

// OrganisationRef names an organisation inside another response.
type OrganisationRef struct {
	ID   uint   `json:"id"`
	Name string `json:"name"`
	Code string `json:"code"`
}

// MailPreviewPolicy lets an email's own inline styles render inside our sandboxed preview
// Frame, and nothing else: no scripts, no requests, framed only by our own pages.
const MailPreviewPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
