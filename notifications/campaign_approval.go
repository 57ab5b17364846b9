package notifications

// CampaignApprovalData is the data of the "campaign_approval" email, sent to each person
// who must act when a campaign is submitted for approval.
type CampaignApprovalData struct {
	Name         string // the approver's name
	Campaign     string // the campaign's name
	Subject      string // its email subject (with {{fields}} as written)
	Author       string // who submitted it
	Recipients   int    // how many people it reaches now
	Organisation string // the approver's organisation they approve for; "" for an admin
	Link         string // the campaign's page
}

// CampaignDecisionData is the data of the "campaign_decision" email, sent to a campaign's
// author when it is approved (by every organisation it reaches) or returned.
type CampaignDecisionData struct {
	Name     string // the author's name
	Campaign string // the campaign's name
	Approver string // who decided
	Approved bool   // approved, else returned
	Comment  string // the approver's comment (always there when returned)
	Link     string // the campaign's page
}
