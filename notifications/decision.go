package notifications

// DecisionPublishedData is the data of the "decision_published" email: sent once to each
// person whose contribution a published decision links (a named post, a workshop vote or
// question with an email left for it, a booking whose holder asked to hear). It names the
// decision and links to its public page; it says nothing of which contribution it was.
type DecisionPublishedData struct {
	Name    string // may be empty
	Title   string // the decision's title
	Decided string // what was decided
	Link    string // the public decision page
}
