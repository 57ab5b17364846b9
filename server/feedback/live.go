package feedback

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/gofiber/contrib/websocket"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"

	feedbackmodel "github.com/confer-nhs/confer/models/feedback"
)

// Live feedback (docs/realtime.md). Handlers only Touch a key; the hub renders each key
// at most ten times a second from the database, on every instance, and sends the frame
// to the one topic that may see it: a channel's public socket gets public posts and
// replies, the team socket gets everything, and a follow-up socket gets its own post.
const (
	teamTopic = "feedback:team"

	kindPost        = "fb-post"         // id: post → channel topic (public posts only)
	kindPostTeam    = "fb-post-team"    // id: post → team topic
	kindPostFollow  = "fb-post-follow"  // id: post → its follow-up topic
	kindRemoved     = "fb-removed"      // id: post → channel topic, when it stops being public
	kindReply       = "fb-reply"        // id: reply → channel topic (public replies on public posts)
	kindReplyTeam   = "fb-reply-team"   // id: reply → team topic
	kindReplyFollow = "fb-reply-follow" // id: reply → its post's follow-up topic
)

func channelTopic(id uint) string { return "feedback:channel:" + strconv.FormatUint(uint64(id), 10) }
func followTopic(id uint) string  { return "feedback:follow:" + strconv.FormatUint(uint64(id), 10) }

// Frames, one struct each so a team-only field can never reach a public socket.
type feedbackPostFrame[T any] struct {
	Type      string `json:"type"` // "post"
	ChannelID uint   `json:"channel_id"`
	Post      T      `json:"post"`
}

type feedbackReplyFrame[T any] struct {
	Type      string `json:"type"` // "reply"
	ChannelID uint   `json:"channel_id"`
	PostID    uint   `json:"post_id"`
	Reply     T      `json:"reply"`
}

type feedbackRemovedFrame struct {
	Type      string `json:"type"` // "post_removed"
	ChannelID uint   `json:"channel_id"`
	PostID    uint   `json:"post_id"`
}

func (s *Area) touchPost(id uint) {
	key := strconv.FormatUint(uint64(id), 10)
	for _, k := range []string{kindPost, kindPostTeam, kindPostFollow} {
		s.Hub.Touch(k, key)
	}
}

// announcePost tells every audience about a new or changed post.
func (s *Area) announcePost(id uint) { s.touchPost(id) }

func (s *Area) removePost(id uint) {
	key := strconv.FormatUint(uint64(id), 10)
	for _, k := range []string{kindRemoved, kindPostTeam, kindPostFollow} {
		s.Hub.Touch(k, key)
	}
}

func (s *Area) announceReply(postID, replyID uint) {
	key := strconv.FormatUint(uint64(replyID), 10)
	for _, k := range []string{kindReply, kindReplyTeam, kindReplyFollow} {
		s.Hub.Touch(k, key)
	}
}

// audience says whether anyone on this instance listens to what a key would render, so a
// touch nobody here would see costs one indexed read at most, not a full render.
type audience func(ctx context.Context, id uint) (bool, error)

func (s *Area) listening(topic string) bool { return s.Hub.Count(topic) > 0 }

func (s *Area) teamListens(context.Context, uint) (bool, error) {
	return s.listening(teamTopic), nil
}

func (s *Area) channelListens(ctx context.Context, postID uint) (bool, error) {
	ch, err := s.db.PostChannelID(ctx, postID)
	return err == nil && s.listening(channelTopic(ch)), web.IgnoreNotFound(err)
}

func (s *Area) followListens(_ context.Context, postID uint) (bool, error) {
	return s.listening(followTopic(postID)), nil
}

// viaReply adapts a post audience to a reply id.
func (s *Area) viaReply(a audience) audience {
	return func(ctx context.Context, replyID uint) (bool, error) {
		postID, err := s.db.ReplyPostID(ctx, replyID)
		if err != nil {
			return false, web.IgnoreNotFound(err)
		}
		return a(ctx, postID)
	}
}

func parseKey(id string) uint {
	n, _ := strconv.ParseUint(id, 10, 32)
	return uint(n)
}

func (s *Area) postRenderer(want audience, render func(p *feedbackmodel.FeedbackPost) (string, any)) web.Renderer {
	return func(ctx context.Context, id string) (string, []byte, error) {
		if ok, err := want(ctx, parseKey(id)); !ok || err != nil {
			return "", nil, err
		}
		p, err := s.db.GetPost(ctx, parseKey(id))
		if err != nil {
			return "", nil, web.IgnoreNotFound(err)
		}
		topic, frame := render(p)
		return marshalFrame(topic, frame)
	}
}

func (s *Area) replyRenderer(want audience, render func(p *feedbackmodel.FeedbackPost, r *feedbackmodel.FeedbackReply) (string, any)) web.Renderer {
	return func(ctx context.Context, id string) (string, []byte, error) {
		if ok, err := s.viaReply(want)(ctx, parseKey(id)); !ok || err != nil {
			return "", nil, err
		}
		r, err := s.db.GetReply(ctx, parseKey(id))
		if err != nil {
			return "", nil, web.IgnoreNotFound(err)
		}
		p, err := s.db.GetPost(ctx, r.PostID)
		if err != nil {
			return "", nil, web.IgnoreNotFound(err)
		}
		topic, frame := render(p, r)
		return marshalFrame(topic, frame)
	}
}

func (s *Area) registerFeedbackRenderers() {
	s.Hub.Coalesce(kindPost, s.postRenderer(s.channelListens, func(p *feedbackmodel.FeedbackPost) (string, any) {
		if !p.Public {
			return "", nil
		}
		return channelTopic(p.ChannelID), feedbackPostFrame[publicPost]{"post", p.ChannelID, toPublicPost(p)}
	}))
	s.Hub.Coalesce(kindRemoved, s.postRenderer(s.channelListens, func(p *feedbackmodel.FeedbackPost) (string, any) {
		if p.Public {
			return "", nil
		}
		return channelTopic(p.ChannelID), feedbackRemovedFrame{"post_removed", p.ChannelID, p.ID}
	}))
	s.Hub.Coalesce(kindPostTeam, s.postRenderer(s.teamListens, func(p *feedbackmodel.FeedbackPost) (string, any) {
		tp := toTeamPost(p)
		tp.Replies = nil // replies travel as their own frames
		return teamTopic, feedbackPostFrame[teamPost]{"post", p.ChannelID, tp}
	}))
	s.Hub.Coalesce(kindPostFollow, s.postRenderer(s.followListens, func(p *feedbackmodel.FeedbackPost) (string, any) {
		return followTopic(p.ID), feedbackPostFrame[followResponse]{"post", p.ChannelID, toFollow(p)}
	}))
	s.Hub.Coalesce(kindReply, s.replyRenderer(s.channelListens, func(p *feedbackmodel.FeedbackPost, r *feedbackmodel.FeedbackReply) (string, any) {
		if !p.Public || !r.Public || r.FromPoster {
			return "", nil
		}
		return channelTopic(p.ChannelID), feedbackReplyFrame[publicReply]{"reply", p.ChannelID, p.ID, toPublicReply(r)}
	}))
	s.Hub.Coalesce(kindReplyTeam, s.replyRenderer(s.teamListens, func(p *feedbackmodel.FeedbackPost, r *feedbackmodel.FeedbackReply) (string, any) {
		return teamTopic, feedbackReplyFrame[teamReply]{"reply", p.ChannelID, p.ID, toTeamReply(r)}
	}))
	s.Hub.Coalesce(kindReplyFollow, s.replyRenderer(s.followListens, func(p *feedbackmodel.FeedbackPost, r *feedbackmodel.FeedbackReply) (string, any) {
		return followTopic(p.ID), feedbackReplyFrame[followReply]{"reply", p.ChannelID, p.ID, toFollowReply(r)}
	}))
}

func marshalFrame(topic string, frame any) (string, []byte, error) {
	if frame == nil {
		return "", nil, nil
	}
	b, err := json.Marshal(frame)
	return topic, b, err
}

// Sockets read nothing from their clients but pings; 512 bytes is plenty.
const feedbackReadLimit = 512

func (s *Area) serveTopic(conn *websocket.Conn, kind, topic string, hello any) {
	c := s.NewClient(conn, kind)
	s.Hub.Subscribe(c, topic)
	if b, err := json.Marshal(hello); err == nil {
		c.Send(b)
	}
	c.Serve(feedbackReadLimit, func([]byte) {})
	s.Hub.Unsubscribe(c)
}

type feedbackHello struct {
	Type      string `json:"type"` // "hello": subscribed; refetch to catch up
	ChannelID uint   `json:"channel_id,omitempty"`
	PostID    uint   `json:"post_id,omitempty"`
}

type feedbackError struct {
	Type  string `json:"type"` // "error"
	Error string `json:"error"`
}

func (s *Area) closeWithError(conn *websocket.Conn, msg string) {
	b, _ := json.Marshal(feedbackError{"error", msg})
	_ = conn.WriteMessage(websocket.TextMessage, b)
	_ = conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.ClosePolicyViolation, msg))
	_ = conn.Close()
}

// channelSocket: GET /ws/channels/:id, public; new and changed public posts and public
// replies in one channel.
func (s *Area) channelSocket(conn *websocket.Conn) {
	n, err := strconv.ParseUint(conn.Params("id"), 10, 32)
	if err != nil || n == 0 {
		s.closeWithError(conn, "id must be a positive whole number")
		return
	}
	if _, err := s.db.GetChannel(context.Background(), uint(n)); err != nil {
		s.closeWithError(conn, models.ErrorMessage(err))
		return
	}
	s.serveTopic(conn, web.SocketFeedbackChannel, channelTopic(uint(n)), feedbackHello{Type: "hello", ChannelID: uint(n)})
}

// followSocket: GET /ws/follow/:token, public (the token is the key); the poster's own
// post, its replies and status.
func (s *Area) followSocket(conn *websocket.Conn) {
	p, err := s.db.PostForFollowToken(context.Background(), conn.Params("token"))
	if err != nil {
		s.closeWithError(conn, models.ErrorMessage(err))
		return
	}
	s.serveTopic(conn, web.SocketFeedbackFollow, followTopic(p.ID), feedbackHello{Type: "hello", PostID: p.ID})
}

// teamSocket: GET /ws/feedback/team, programme team only; every post and reply, public or
// not, with triage data.
func (s *Area) teamSocket(conn *websocket.Conn) {
	s.serveTopic(conn, web.SocketFeedbackTeam, teamTopic, feedbackHello{Type: "hello"})
}
