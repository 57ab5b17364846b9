package feedback

import (
	"context"

	"github.com/confer-nhs/confer/notifications"
)

// mailReply tells a named poster who left an email that the programme replied, with the
// reply and a fresh follow-up link to read it all and answer back. Anonymous posts have no
// email, so nobody is mailed for them.
func (s *Area) mailReply(postID, replyID uint) {
	s.Background("feedback-reply-mail", func(ctx context.Context) error {
		post, err := s.db.GetPost(ctx, postID)
		if err != nil || post.Email == "" || post.Anonymous {
			return err
		}
		reply, err := s.db.GetReply(ctx, replyID)
		if err != nil {
			return err
		}
		token, err := s.db.NewFollowLink(ctx, postID)
		if err != nil {
			return err
		}
		channel := ""
		if post.Channel != nil {
			channel = post.Channel.Name
		}
		data := notifications.FeedbackReplyData{Name: post.Name, Channel: channel, Post: post.Body,
			Reply: reply.Body, Public: reply.Public, Link: s.followURL(token)}
		m, err := s.Emails.NewMessage("feedback_reply", post.Email, post.Name, data)
		if err != nil {
			return err
		}
		m.Categories = []string{"feedback-reply"}
		return s.Mail.Send(ctx, m)
	})
}
