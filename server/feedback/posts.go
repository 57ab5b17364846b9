package feedback

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"

	feedbackmodel "github.com/confer-nhs/confer/models/feedback"
)

// postRequest is a post as submitted. Anonymous posts leave name and email out.
type postRequest struct {
	Kind           string `json:"kind"`
	Body           string `json:"body"`
	OrganisationID *uint  `json:"organisation_id"`
	StaffGroup     string `json:"staff_group"`
	Anonymous      bool   `json:"anonymous"`
	Name           string `json:"name"`
	Email          string `json:"email"`
}

func (r postRequest) input() feedbackmodel.PostInput {
	return feedbackmodel.PostInput{Kind: r.Kind, Body: r.Body, OrganisationID: r.OrganisationID,
		StaffGroup: r.StaffGroup, Anonymous: r.Anonymous, Name: r.Name, Email: r.Email}
}

// createdPost answers a new post: its id and, once only, the follow-up token.
type CreatedPost struct {
	ID          uint   `json:"id"`
	FollowToken string `json:"follow_token"`
	FollowURL   string `json:"follow_url"`
	Visibility  string `json:"visibility"`
}

// createPost takes a post from anyone, without an account. Nothing about the request
// (address, user agent, cookies) is stored with it or logged.
func (s *Area) createPost(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req postRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	post, token, err := s.db.CreatePost(c.UserContext(), id, req.input())
	if err != nil {
		return err
	}
	s.announcePost(post.ID)
	return c.Status(fiber.StatusCreated).JSON(CreatedPost{ID: post.ID, FollowToken: token,
		FollowURL: s.followURL(token), Visibility: visibility(post)})
}

func (s *Area) followURL(token string) string {
	return s.Cfg.BaseURL + "/feedback/follow/" + token
}

func (s *Area) listPublicPosts(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	page, err := web.PageQuery(c)
	if err != nil {
		return err
	}
	if page.PerPage > 100 {
		page.PerPage = 100
	}
	f := feedbackmodel.PublicPostFilter{Status: strings.Clone(c.Query("status")), Tag: strings.Clone(c.Query("tag")),
		Sort: strings.Clone(c.Query("sort")), Page: page}
	posts, more, err := s.db.ListPublicPosts(c.UserContext(), id, f)
	if err != nil {
		return err
	}
	out := pageOf[publicPost]{Items: make([]publicPost, len(posts)), Page: page.Page, PerPage: page.PerPage, HasMore: more}
	for i := range posts {
		out.Items[i] = toPublicPost(&posts[i])
	}
	return c.JSON(out)
}

func (s *Area) youSaidWeDid(c *fiber.Ctx) error {
	channelID, err := web.QueryUint(c, "channel_id")
	if err != nil {
		return err
	}
	page, err := web.PageQuery(c)
	if err != nil {
		return err
	}
	posts, more, err := s.db.YouSaidWeDid(c.UserContext(), channelID, page)
	if err != nil {
		return err
	}
	out := pageOf[publicPost]{Items: make([]publicPost, len(posts)), Page: page.Page, PerPage: page.PerPage, HasMore: more}
	for i := range posts {
		out.Items[i] = toPublicPost(&posts[i])
	}
	return c.JSON(out)
}

// browserCookie holds a random token naming this browser for "me too" (once per browser
// per post). Only its hash is stored; it says nothing about who the person is.
const (
	browserCookie = "confer_browser"
	BrowserHeader = "X-Confer-Browser"
)

// browserToken returns the caller's browser token: the X-Confer-Browser header (scripts
// and tests), else the cookie, else a new one set as a cookie.
func (s *Area) browserToken(c *fiber.Ctx) (string, error) {
	if h := strings.TrimSpace(c.Get(BrowserHeader)); h != "" {
		if len(h) < 16 || len(h) > 200 {
			return "", &models.Error{Code: models.EBADREQUEST, Field: BrowserHeader,
				Message: BrowserHeader + " must be a random token of 16 to 200 characters"}
		}
		return strings.Clone(h), nil
	}
	if v := c.Cookies(browserCookie); len(v) >= 16 && len(v) <= 200 {
		return strings.Clone(v), nil
	}
	raw, _ := models.NewSecret("br_")
	c.Cookie(&fiber.Cookie{Name: browserCookie, Value: raw, Path: "/api/v1/posts", HTTPOnly: true,
		Secure: s.Cfg.Secure(), SameSite: fiber.CookieSameSiteLaxMode, MaxAge: int((365 * 24 * time.Hour).Seconds())})
	return raw, nil
}

// metooPerPostPerHour bounds the "me too"s one client address adds to one post in an
// hour. A browser token is whatever the caller sends, so once per browser alone let a
// script add one per request; with this, a script adds at most this many an hour, while a
// ward behind one NAT can still agree in numbers, and other networks are not affected.
// The per-client CONFER_RATE_LIMIT bounds "me too"s across posts; both are off when it is 0.
const MetooPerPostPerHour = 60

func (s *Area) addMetoo(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	if ok, wait := s.metooByPost.Allow(s.ClientKey(c) + " " + strconv.FormatUint(uint64(id), 10)); !ok {
		return web.TooMany(c, wait, `"me too"s for this post from your network`)
	}
	token, err := s.browserToken(c)
	if err != nil {
		return err
	}
	count, err := s.db.AddMetoo(c.UserContext(), id, models.HashSecret(token))
	if err != nil {
		return err
	}
	s.touchPost(id)
	return c.JSON(fiber.Map{"post_id": id, "metoo_count": count})
}
