package audit

import (
	"encoding/csv"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	auditmodel "github.com/confer-nhs/confer/models/audit"
	"github.com/confer-nhs/confer/server/web"
)

func (s *Area) registerAuditRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/audit", web.AdminOnly, s.listAudit)
	s.Route(r, fiber.MethodGet, "/audit.csv", web.AdminOnly, s.exportAudit)
}

// ActorRef is who acted, as people knows them today (empty after they were erased).
type ActorRef struct {
	ID    uint   `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// EventResponse is one audit row for the admin page.
type EventResponse struct {
	ID         uint64    `json:"id"`
	At         time.Time `json:"at"`
	Actor      *ActorRef `json:"actor"`
	ActorRole  string    `json:"actor_role"`
	Action     string    `json:"action"`
	ObjectKind string    `json:"object_kind"`
	ObjectID   string    `json:"object_id"`
	Summary    string    `json:"summary"`
	HasSubject bool      `json:"has_subject"`
	Status     int       `json:"status"`
	RequestID  string    `json:"request_id"`
}

// Page is a page of rows, newest first; next_before fetches the next (older) page.
type Page struct {
	Items      []EventResponse `json:"items"`
	NextBefore *uint64         `json:"next_before"`
	Actions    []string        `json:"actions"`
}

func toEvent(r *auditmodel.Row) EventResponse {
	e := EventResponse{ID: r.ID, At: r.At.UTC(), ActorRole: r.ActorRole, Action: r.Action, ObjectKind: r.ObjectKind,
		ObjectID: r.ObjectID, Summary: r.Summary, HasSubject: r.SubjectKey != "", Status: r.Status, RequestID: r.RequestID}
	if r.ActorID != nil {
		e.Actor = &ActorRef{ID: *r.ActorID, Name: r.ActorName, Email: r.ActorEmail}
	}
	return e
}

func (s *Area) listAudit(c *fiber.Ctx) error {
	f, err := s.filter(c)
	if err != nil {
		return err
	}
	rows, err := s.db.List(c.UserContext(), f)
	if err != nil {
		return err
	}
	out := Page{Items: make([]EventResponse, len(rows)), Actions: s.actions()}
	for i := range rows {
		out.Items[i] = toEvent(&rows[i])
	}
	if len(rows) > 0 && len(rows) == f.Limit {
		next := rows[len(rows)-1].ID
		out.NextBefore = &next
	}
	return c.JSON(out)
}

// actions are the actions the route table records, for the filter's choices: read from
// the routes, not the table, so a long trail costs nothing here.
func (s *Area) actions() []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range s.Kit.Routes() {
		if r.Audit != "" && !seen[r.Audit] {
			seen[r.Audit] = true
			out = append(out, r.Audit)
		}
	}
	sort.Strings(out)
	return out
}

// maxExport is the most rows one CSV holds; narrow the filters for more.
const maxExport = 100_000

func (s *Area) exportAudit(c *fiber.Ctx) error {
	f, err := s.filter(c)
	if err != nil {
		return err
	}
	f.Limit = auditmodel.MaxLimit
	return web.CSVDownload(c, "audit.csv", func(w *csv.Writer) error {
		if err := w.Write([]string{"id", "at", "actor_id", "actor_name", "actor_email", "actor_role", "action",
			"object_kind", "object_id", "summary", "subject_key", "status", "request_id", "hash"}); err != nil {
			return err
		}
		for n := 0; n < maxExport; {
			rows, err := s.db.List(c.UserContext(), f)
			if err != nil {
				return err
			}
			for _, r := range rows {
				actor := ""
				if r.ActorID != nil {
					actor = strconv.FormatUint(uint64(*r.ActorID), 10)
				}
				if err := w.Write(web.SafeRow(strconv.FormatUint(r.ID, 10), web.CSVTime(&r.At), actor, r.ActorName,
					r.ActorEmail, r.ActorRole, r.Action, r.ObjectKind, r.ObjectID, r.Summary, r.SubjectKey,
					strconv.Itoa(r.Status), r.RequestID, r.Hash)); err != nil {
					return err
				}
			}
			n += len(rows)
			if len(rows) < f.Limit {
				break
			}
			f.Before = rows[len(rows)-1].ID
		}
		return nil
	})
}

// filter reads the query: person (an id or an email), action (exact, or a prefix ending
// in "."), object_kind, object_id, from and to (dates, London days, both inclusive),
// before (the id cursor) and limit.
func (s *Area) filter(c *fiber.Ctx) (auditmodel.Filter, error) {
	var f auditmodel.Filter
	if p := strings.TrimSpace(c.Query("person")); p != "" {
		if id, err := strconv.ParseUint(p, 10, 32); err == nil {
			f.ActorID = uint(id)
		} else if strings.Contains(p, "@") {
			person, err := s.Store.GetPersonByEmail(c.UserContext(), p)
			if err != nil && models.ErrorCode(err) != models.ENOTFOUND {
				return f, err
			}
			f.ActorID = ^uint(0) >> 33 // nobody has this id: no rows
			if err == nil {
				f.ActorID = person.ID
			}
		} else {
			return f, models.Invalid("person", "enter a person's email address or id")
		}
	}
	f.Action = strings.TrimSpace(c.Query("action"))
	f.ObjectKind, f.ObjectID = strings.TrimSpace(c.Query("object_kind")), strings.TrimSpace(c.Query("object_id"))
	var err error
	if f.From, err = londonDay("from", c.Query("from"), 0); err != nil {
		return f, err
	}
	if f.To, err = londonDay("to", c.Query("to"), 1); err != nil {
		return f, err
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		return f, models.Invalid("to", "the end date must be the same as or after the start date")
	}
	before, err := strconv.ParseUint(c.Query("before", "0"), 10, 64)
	if err != nil {
		return f, &models.Error{Code: models.EBADREQUEST, Field: "before", Message: "before must be a row id"}
	}
	f.Before = before
	limit, err := web.QueryUint(c, "limit")
	if err != nil {
		return f, err
	}
	f.Limit = min(int(limit), auditmodel.MaxLimit)
	if f.Limit == 0 {
		f.Limit = 50
	}
	return f, nil
}

// londonDay reads a date (2026-12-07) as the start of that day in London, plus days.
func londonDay(field, v string, days int) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation("2006-01-02", v, models.London())
	if err != nil {
		return time.Time{}, models.Invalid(field, "enter a real date")
	}
	return d.AddDate(0, 0, days).UTC(), nil
}
