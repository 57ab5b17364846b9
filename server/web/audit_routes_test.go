package web

import "testing"

// TestAuditActionFor pins the rule in audit_routes.go, including for routes other helpers
// add (subject access under /api/v1/privacy/, which no test here registers yet).
func TestAuditActionFor(t *testing.T) {
	for _, tc := range []struct {
		method, path string
		p            Policy
		want         string
		failures     bool
	}{
		{"POST", "/api/v1/campaigns/:id/approve", CommsTeam, "campaigns.approve", false},
		{"POST", "/api/v1/campaigns", CommsTeam, "campaigns.create", false},
		{"PATCH", "/api/v1/people/:id", AdminOnly, "people.update", false},
		{"PUT", "/api/v1/workshops/:id/poll-order", Facilitator, "workshops.poll-order.update", false},
		{"DELETE", "/api/v1/organisations/:id", AdminOnly, "organisations.delete", false},
		{"POST", "/api/v1/contacts/import", CommsTeam, "contacts.import", false},
		{"POST", "/api/v1/privacy/erase", AdminOnly, "privacy.erase", false},
		{"GET", "/api/v1/privacy/subject", AdminOnly, "privacy.subject.read", false},
		{"GET", "/api/v1/privacy/subject/export", AdminOnly, "privacy.subject.export", false},
		{"GET", "/api/v1/privacy/keeps", AdminOnly, "privacy.keeps.read", false},
		{"GET", "/api/v1/slots/:id/bookings.csv", Facilitator, "slots.roster.export", false},
		{"POST", "/api/v1/auth/verify", Public, "auth.signin", true},
		{"GET", "/api/v1/people", AdminOnly, "", false},           // an ordinary read
		{"POST", "/api/v1/channels/:id/posts", Public, "", false}, // a public write
		{"GET", "/api/v1/privacy/notice", Public, "", false},      // a public page
	} {
		got, failures, ok := auditActionFor(tc.method, tc.path, tc.p)
		if got != tc.want || failures != tc.failures || ok != (tc.want != "") {
			t.Errorf("%s %s: %q %v %v, want %q %v", tc.method, tc.path, got, failures, ok, tc.want, tc.failures)
		}
	}
}
