package decisions

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// Filter narrows a listing of decisions. Everything is optional.
type Filter struct {
	Q              string // words in the title, question, decision, rationale or EPR reference
	Theme          string // in the decision's themes, or a theme it links
	Status         string
	OrganisationID uint
	PublishedOnly  bool // the public register
	models.Page
}

// MaxQuery bounds the search words.
const MaxQuery = 200

// ListDecisions returns one page of decisions with their links, and how many match:
// published ones newest publication first on the public register, every one most
// recently changed first for the team.
func (s *Store) ListDecisions(ctx context.Context, f Filter) ([]Decision, int64, error) {
	q, err := filtered(s.DB.WithContext(ctx).Model(&Decision{}), f)
	if err != nil {
		return nil, 0, err
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	order := "updated_at DESC, id DESC"
	if f.PublishedOnly {
		order = "published_at DESC, id DESC"
	}
	p := f.Page.Normalise()
	out := []Decision{}
	err = q.Preload("Links", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Order(order).Limit(p.PerPage).Offset(p.Offset()).Find(&out).Error
	return out, total, err
}

func filtered(q *gorm.DB, f Filter) (*gorm.DB, error) {
	if f.PublishedOnly {
		q = q.Where("published_at IS NOT NULL")
	}
	if f.Status != "" {
		if !slices.Contains(Statuses, f.Status) {
			return nil, models.Invalid("status", "status must be one of: %s", strings.Join(Statuses, ", "))
		}
		q = q.Where("status = ?", f.Status)
	}
	if words := strings.ToLower(strings.Join(strings.Fields(f.Q), " ")); words != "" {
		if len(words) > MaxQuery {
			return nil, models.Invalid("q", "search for at most %d characters", MaxQuery)
		}
		like := "%" + escapeLike(words) + "%"
		q = q.Where(`LOWER(title) LIKE ? ESCAPE '!' OR LOWER(question) LIKE ? ESCAPE '!' OR LOWER(decided) LIKE ? ESCAPE '!'
 OR LOWER(rationale) LIKE ? ESCAPE '!' OR LOWER(epr_ref) LIKE ? ESCAPE '!'`, like, like, like, like, like)
	}
	if theme := strings.ToLower(strings.Join(strings.Fields(f.Theme), " ")); theme != "" {
		quoted, _ := json.Marshal(theme)
		q = q.Where("themes LIKE ? ESCAPE '!' OR id IN (?)", "%"+escapeLike(string(quoted))+"%",
			q.Session(&gorm.Session{NewDB: true}).Model(&DecisionLink{}).Select("decision_id").
				Where("kind = ? AND theme = ?", KindTheme, theme))
	}
	if f.OrganisationID != 0 {
		id := strconv.FormatUint(uint64(f.OrganisationID), 10)
		q = q.Where("organisation_ids LIKE ? OR organisation_ids LIKE ? OR organisation_ids LIKE ? OR organisation_ids LIKE ?",
			"["+id+"]", "["+id+",%", "%,"+id+",%", "%,"+id+"]")
	}
	return q, nil
}

// escapeLike makes s match itself in a LIKE pattern with ESCAPE '!'.
func escapeLike(s string) string {
	return strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(s)
}

// PublishedForPost returns the published decisions that link a post, directly or through
// one of its themes, newest publication first: what its poster's follow-up page shows.
func (s *Store) PublishedForPost(ctx context.Context, postID uint, tags []string) ([]Decision, error) {
	db := s.DB.WithContext(ctx)
	links := db.Session(&gorm.Session{NewDB: true}).Model(&DecisionLink{}).Select("decision_id")
	if len(tags) > 0 {
		links = links.Where("(kind = ? AND target_id = ?) OR (kind = ? AND theme IN ?)", KindPost, postID, KindTheme, tags)
	} else {
		links = links.Where("kind = ? AND target_id = ?", KindPost, postID)
	}
	out := []Decision{}
	err := db.Where("published_at IS NOT NULL AND id IN (?)", links).Order("published_at DESC, id DESC").Limit(100).Find(&out).Error
	return out, err
}

// PublishedForPosts maps each of the posts to the published decisions that link it
// directly or through one of its themes ("you said, we did" shows them beside the post).
// Only public posts are mapped: which decisions a private post informed is the team's.
func (s *Store) PublishedForPosts(ctx context.Context, postIDs []uint) (map[uint][]Decision, error) {
	out := map[uint][]Decision{}
	if len(postIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		PostID     uint
		DecisionID uint
	}
	db := s.DB.WithContext(ctx)
	err := db.Raw(`SELECT fp.id AS post_id, dl.decision_id FROM feedback_posts fp
 JOIN decision_links dl ON dl.kind = 'post' AND dl.target_id = fp.id WHERE fp.id IN ? AND fp.public
 UNION
 SELECT ft.post_id, dl.decision_id FROM feedback_tags ft JOIN feedback_posts fp ON fp.id = ft.post_id AND fp.public
 JOIN decision_links dl ON dl.kind = 'theme' AND dl.theme = ft.tag WHERE ft.post_id IN ?`, postIDs, postIDs).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return out, err
	}
	ids := make([]uint, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.DecisionID)
	}
	var ds []Decision
	if err := db.Where("published_at IS NOT NULL AND id IN ?", ids).Order("published_at DESC, id DESC").Find(&ds).Error; err != nil {
		return nil, err
	}
	for _, d := range ds {
		for _, r := range rows {
			if r.DecisionID == d.ID {
				out[r.PostID] = append(out[r.PostID], d)
			}
		}
	}
	return out, nil
}
