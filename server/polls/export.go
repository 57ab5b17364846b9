package polls

import (
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/server/web"

	pollmodel "github.com/confer-nhs/confer/models/polls"
)

func (s *Area) startCSV(c *fiber.Ctx, name string, header []string) *csv.Writer {
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, name))
	w := csv.NewWriter(c)
	_ = w.Write(header)
	return w
}

func london(t time.Time) string {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return t.UTC().Format(time.RFC3339)
	}
	return t.In(loc).Format("2006-01-02 15:04:05")
}

// exportResults writes one row per vote: the poll, the answer, and who (as far as they
// said) gave it, for the engagement report and the coverage join.
func (s *Area) exportResults(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if _, err := s.db.GetWorkshop(ctx, id); err != nil {
		return err
	}
	polls, err := s.db.ListPolls(ctx, id)
	if err != nil {
		return err
	}
	people, err := s.db.ParticipantsByID(ctx, id)
	if err != nil {
		return err
	}
	w := s.startCSV(c, fmt.Sprintf("workshop-%d-results.csv", id), []string{"poll_id", "poll_position", "kind", "question",
		"answer", "participant_id", "display_name", "organisation_id", "staff_group", "voted_at_london"})
	for i := range polls {
		p := &polls[i]
		votes, err := s.db.ListVotes(ctx, p.ID)
		if err != nil {
			return err
		}
		opts := p.OptionList()
		for _, v := range votes {
			who := people[v.ParticipantID]
			org := ""
			if who.OrganisationID != nil {
				org = strconv.FormatUint(uint64(*who.OrganisationID), 10)
			}
			_ = w.Write([]string{strconv.FormatUint(uint64(p.ID), 10), strconv.Itoa(p.Position), p.Kind,
				web.CSVSafe(p.Question), web.CSVSafe(answerText(p, opts, v)), strconv.FormatUint(uint64(v.ParticipantID), 10),
				web.CSVSafe(who.DisplayName), org, who.StaffGroup, london(v.UpdatedAt)})
		}
	}
	w.Flush()
	return w.Error()
}

func answerText(p *pollmodel.Poll, opts []string, v pollmodel.PollVote) string {
	b := v.BallotOf()
	switch {
	case p.HasOptions():
		names := make([]string, 0, len(b.Choices))
		for _, ch := range b.Choices {
			if ch >= 0 && ch < len(opts) {
				names = append(names, opts[ch])
			}
		}
		return strings.Join(names, " > ")
	case b.Value != nil:
		return strconv.Itoa(*b.Value)
	}
	return b.Text
}

func (s *Area) exportQuestions(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.db.GetWorkshop(c.UserContext(), id); err != nil {
		return err
	}
	qs, err := s.db.ListQuestions(c.UserContext(), id, false)
	if err != nil {
		return err
	}
	w := s.startCSV(c, fmt.Sprintf("workshop-%d-questions.csv", id), []string{"question_id", "question", "asked_by",
		"status", "highlighted", "answered", "upvotes", "asked_at_london"})
	for _, q := range qs {
		name := q.Name
		if name == "" {
			name = "(anonymous)"
		}
		_ = w.Write([]string{strconv.FormatUint(uint64(q.ID), 10), web.CSVSafe(q.Text), web.CSVSafe(name), q.Status,
			strconv.FormatBool(q.Highlighted), strconv.FormatBool(q.Answered), strconv.Itoa(q.Upvotes), london(q.CreatedAt)})
	}
	w.Flush()
	return w.Error()
}
