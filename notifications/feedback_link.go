package notifications

// FeedbackLinkData is the data of the "feedback_link" email: a poster's follow-up link,
// sent once to the address they typed after posting. It carries the link and nothing
// else about the post (no channel, no words, no id), so the mail says no more about who
// posted what than the link itself does.
type FeedbackLinkData struct {
	Link string // the follow-up link to read replies and answer back
}
