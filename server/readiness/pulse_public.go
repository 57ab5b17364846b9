package readiness

import (
	"time"

	"github.com/gofiber/fiber/v2"

	readinessmodel "github.com/confer-nhs/confer/models/readiness"
	"github.com/confer-nhs/confer/server/web"
)

// publicPulseRoutes are the answer pages' API: a recipient's personal link (one response
// per person, changed in place until the pulse closes) and the pulse's open link (a new
// self-declared response each time, limited per client).
func (s *Area) publicPulseRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/public/pulses/open/:token", web.Public, s.getOpenPulse)
	s.Route(r, fiber.MethodPost, "/public/pulses/open/:token/responses", web.Public, s.limitOpenResponses, s.answerOpenPulse)
	s.Route(r, fiber.MethodGet, "/public/pulses/:token", web.Public, s.getPersonalPulse)
	s.Route(r, fiber.MethodPut, "/public/pulses/:token/response", web.Public, s.answerPersonalPulse)
}

// publicPulse is what someone answering sees: no counts, no campaigns, no open link.
type publicPulse struct {
	Title         string             `json:"title"`
	Intro         string             `json:"intro"`
	OpensAt       time.Time          `json:"opens_at"`
	ClosesAt      time.Time          `json:"closes_at"`
	ClosesInWords string             `json:"closes_in_words"` // "5pm on Friday 19 March 2027"
	State         string             `json:"state"`
	Questions     []questionResponse `json:"questions"`
}

func publicView(p *readinessmodel.Pulse) publicPulse {
	return publicPulse{Title: p.Title, Intro: p.Intro, OpensAt: p.OpensAt, ClosesAt: p.ClosesAt,
		ClosesInWords: readinessmodel.ClosingWords(p.ClosesAt), State: p.State(time.Now()), Questions: questionsOf(p)}
}

// answerView is one of your answers as the page fills it back in.
type answerView struct {
	QuestionID uint   `json:"question_id"`
	Value      *int   `json:"value,omitempty"`
	Values     []int  `json:"values,omitempty"`
	Text       string `json:"text,omitempty"`
}

// answersOf folds stored rows (one per option chosen) back into one answer per question.
func answersOf(p *readinessmodel.Pulse, rows []readinessmodel.PulseAnswer) []answerView {
	kinds := map[uint]string{}
	for _, q := range p.Questions {
		kinds[q.ID] = q.Kind
	}
	out := []answerView{}
	at := map[uint]int{}
	for _, r := range rows {
		i, ok := at[r.QuestionID]
		if !ok {
			out = append(out, answerView{QuestionID: r.QuestionID})
			i = len(out) - 1
			at[r.QuestionID] = i
		}
		switch {
		case r.Value != nil && kinds[r.QuestionID] == readinessmodel.KindMultiple:
			out[i].Values = append(out[i].Values, *r.Value)
		case r.Value != nil:
			v := *r.Value
			out[i].Value = &v
		default:
			out[i].Text = r.Text
		}
	}
	return out
}

// personalPulseResponse is a personal link's page: the pulse, your answers if you gave
// any, and the organisation and staff group your answers count under.
type personalPulseResponse struct {
	Pulse        publicPulse  `json:"pulse"`
	Answers      []answerView `json:"answers"`
	Answered     bool         `json:"answered"`
	Organisation string       `json:"organisation"`
	StaffGroup   string       `json:"staff_group"`
}

func (s *Area) personalPage(c *fiber.Ctx, t *readinessmodel.Personal) error {
	rows, err := s.db.PersonalAnswers(c.UserContext(), t)
	if err != nil {
		return err
	}
	out := personalPulseResponse{Pulse: publicView(t.Pulse), Answers: answersOf(t.Pulse, rows), Answered: len(rows) > 0,
		StaffGroup: t.Recipient.StaffGroup}
	if t.Recipient.OrganisationID != nil {
		if o, err := s.Store.GetOrganisation(c.UserContext(), *t.Recipient.OrganisationID); err == nil {
			out.Organisation = o.Name
		}
	}
	return c.JSON(out)
}

func (s *Area) getPersonalPulse(c *fiber.Ctx) error {
	t, err := s.db.LookupPersonal(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	return s.personalPage(c, t)
}

type answersRequest struct {
	Answers []readinessmodel.AnswerInput `json:"answers"`
}

// answerPersonalPulse saves (or replaces) the link's person's answers and returns the
// page as it now stands.
func (s *Area) answerPersonalPulse(c *fiber.Ctx) error {
	t, err := s.db.LookupPersonal(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	var req answersRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := s.db.SavePersonal(c.UserContext(), t, req.Answers); err != nil {
		return err
	}
	return s.personalPage(c, t)
}

func (s *Area) getOpenPulse(c *fiber.Ctx) error {
	p, err := s.db.LookupOpen(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"pulse": publicView(p)})
}

type openRequest struct {
	OrganisationID *uint                        `json:"organisation_id"`
	StaffGroup     string                       `json:"staff_group"`
	JobRole        string                       `json:"job_role"`
	Answers        []readinessmodel.AnswerInput `json:"answers"`
}

// answerOpenPulse stores a new response through the open link.
func (s *Area) answerOpenPulse(c *fiber.Ctx) error {
	p, err := s.db.LookupOpen(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	var req openRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	err = s.db.SaveOpen(c.UserContext(), p, readinessmodel.OpenInput{OrganisationID: req.OrganisationID,
		StaffGroup: req.StaffGroup, JobRole: req.JobRole, Answers: req.Answers})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"saved": true,
		"message": "Your answers have been saved. Thank you."})
}

// limitOpenResponses applies the open link's limit per client: a hall of staff behind one
// hospital address can answer together, a script cannot fill a pulse. It shares the
// setting that admits new poll participants per client (CONFER_POLL_JOIN_LIMIT per
// hour), the same kind of anonymous arrival.
func (s *Area) limitOpenResponses(c *fiber.Ctx) error {
	if ok, wait := s.openLimiter.Allow(s.ClientKey(c)); !ok {
		return web.TooMany(c, wait, "answers from your network")
	}
	return c.Next()
}
