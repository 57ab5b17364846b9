package booking

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	bookingmodel "github.com/confer-nhs/confer/models/booking"
)

// slotListTTL bounds how stale the public listing may be: writes on this instance
// invalidate it at once; writes on another instance (Postgres) show within this time.
const slotListTTL = 2 * time.Second

// slotListing caches the public slot listing: a snapshot of every upcoming slot, and the
// JSON body and ETag of each filter combination asked for since. Thousands of staff open
// the page within minutes of a comms email; they share one query a couple of times a
// second instead of one each.
type slotListing struct {
	gen   atomic.Uint64 // bumped by every write that changes slots or sessions
	mu    sync.Mutex
	snap  *slotSnapshot
	build func() ([]bookingmodel.Slot, error)
}

type slotSnapshot struct {
	gen    uint64
	at     time.Time
	slots  []PublicSlot
	bodies map[slotFilter]cachedBody
}

type cachedBody struct {
	body []byte
	etag string
}

func (l *slotListing) Invalidate() { l.gen.Add(1) }

// fresh returns the current snapshot, rebuilding it when it is stale. Call with l.mu held.
func (l *slotListing) fresh() (*slotSnapshot, error) {
	gen := l.gen.Load()
	if l.snap == nil || l.snap.gen != gen || time.Since(l.snap.at) > slotListTTL {
		slots, err := l.build()
		if err != nil {
			return nil, err
		}
		snap := &slotSnapshot{gen: gen, at: time.Now(), slots: make([]PublicSlot, len(slots)), bodies: map[slotFilter]cachedBody{}}
		for i := range slots {
			snap.slots[i] = toPublicSlot(&slots[i])
		}
		l.snap = snap
	}
	return l.snap, nil
}

// body returns the encoded listing for one filter: one item per time, or one per
// session (f.bySession), rebuilding the snapshot when it is stale.
func (l *slotListing) body(f slotFilter) (cachedBody, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	snap, err := l.fresh()
	if err != nil {
		return cachedBody{}, err
	}
	if b, ok := snap.bodies[f]; ok {
		return b, nil
	}
	items := []PublicSlot{}
	for _, s := range snap.slots {
		if f.matches(&s) {
			items = append(items, s)
		}
	}
	var list any = items
	if f.bySession {
		list = sessionCards(items)
	}
	data, err := json.Marshal(fiber.Map{"items": list})
	if err != nil {
		return cachedBody{}, err
	}
	h := fnv.New64a()
	h.Write(data)
	b := cachedBody{body: data, etag: fmt.Sprintf(`W/"%x-%d"`, h.Sum64(), snap.gen)}
	if len(snap.bodies) < 512 { // filters are few; a bound keeps odd queries from growing it
		snap.bodies[f] = b
	}
	return b, nil
}

// publicSlot is a slot as anyone may see it: no meeting link (that goes to those booked).
type PublicSlot struct {
	SlotResponse
	Title    string        `json:"title"`
	Category string        `json:"category"`
	Session  publicSession `json:"session"`
}

type publicSession struct {
	ID                      uint     `json:"id"`
	Title                   string   `json:"title"`
	Description             string   `json:"description"`
	Category                string   `json:"category"`
	Format                  string   `json:"format"`
	Location                string   `json:"location"`
	OrganisationIDs         []uint   `json:"organisation_ids"`
	StaffGroups             []string `json:"staff_groups"`
	RestrictToOrganisations bool     `json:"restrict_to_organisations"`
	ReservationFields
}

func toPublicSession(m *bookingmodel.EngagementSession) publicSession {
	groups := m.StaffGroups
	if groups == nil {
		groups = []string{}
	}
	return publicSession{ID: m.ID, Title: m.Title, Description: m.Description, Category: m.Category,
		Format: m.Format, Location: m.Location, OrganisationIDs: m.OrganisationIDs(), StaffGroups: groups,
		RestrictToOrganisations: m.RestrictToOrganisations, ReservationFields: toReservationFields(m)}
}

func toPublicSlot(m *bookingmodel.Slot) PublicSlot {
	p := PublicSlot{SlotResponse: toSlot(m)}
	if m.Session != nil {
		p.Session = toPublicSession(m.Session)
		p.Title, p.Category = m.Session.Title, m.Session.Category
	}
	return p
}

// slotFilter is the public listing's query: each part optional.
type slotFilter struct {
	category, staffGroup string
	organisationID       uint
	from, to             time.Time
	bySession            bool // one item per session (GET /bookable-sessions), not per time
}

// matches keeps slots of the category, aimed at the organisation and staff group (or at
// everyone), starting within [from, to).
func (f *slotFilter) matches(s *PublicSlot) bool {
	switch {
	case f.category != "" && s.Session.Category != f.category:
		return false
	case f.organisationID != 0 && len(s.Session.OrganisationIDs) > 0 && !slices.Contains(s.Session.OrganisationIDs, f.organisationID):
		return false
	case f.staffGroup != "" && len(s.Session.StaffGroups) > 0 && !slices.Contains(s.Session.StaffGroups, f.staffGroup):
		return false
	case !f.from.IsZero() && s.StartsAt.Before(f.from):
		return false
	case !f.to.IsZero() && !s.StartsAt.Before(f.to):
		return false
	}
	return true
}

// parseSlotFilter reads category, organisation_id, staff_group, from and to. Dates are
// London days (2026-12-01: from its start, to its end) or RFC 3339 times.
func parseSlotFilter(c *fiber.Ctx) (slotFilter, error) {
	var f slotFilter
	if v := c.Query("category"); v != "" {
		if !slices.Contains(bookingmodel.SessionCategories, v) {
			return f, models.Invalid("category", "category must be one of: %s", strings.Join(bookingmodel.SessionCategories, ", "))
		}
		f.category = v
	}
	if v := c.Query("organisation_id"); v != "" {
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return f, models.Invalid("organisation_id", "organisation_id must be a positive whole number")
		}
		f.organisationID = uint(n)
	}
	g, err := models.ParseStaffGroup("staff_group", c.Query("staff_group"))
	if err != nil {
		return f, err
	}
	f.staffGroup = g
	if f.from, err = parseDayOrTime("from", c.Query("from"), false); err != nil {
		return f, err
	}
	if f.to, err = parseDayOrTime("to", c.Query("to"), true); err != nil {
		return f, err
	}
	if !f.from.IsZero() && !f.to.IsZero() && f.to.Before(f.from) {
		return f, models.Invalid("to", "to must not be before from")
	}
	return f, nil
}

func parseDayOrTime(field, v string, endOfDay bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	d, err := time.ParseInLocation("2006-01-02", v, models.London())
	if err != nil {
		return time.Time{}, models.Invalid(field, "%s must be a date such as 2026-12-01 or an RFC 3339 time", field)
	}
	if endOfDay {
		d = d.AddDate(0, 0, 1)
	}
	return d.UTC(), nil
}

// listSlots is the public listing, cached (see slotListing) and revalidated by ETag.
func (s *Area) listSlots(c *fiber.Ctx) error {
	f, err := parseSlotFilter(c)
	if err != nil {
		return err
	}
	return s.sendListing(c, f)
}

// sendListing answers with the cached listing for f, revalidated by ETag.
func (s *Area) sendListing(c *fiber.Ctx, f slotFilter) error {
	b, err := s.SlotList.body(f)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, b.etag)
	c.Set(fiber.HeaderCacheControl, "no-cache")
	if c.Get(fiber.HeaderIfNoneMatch) == b.etag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(b.body)
}
