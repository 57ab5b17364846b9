package campaigns

import (
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// AudienceContacts lists a page of the contacts a campaign's audience reaches now, whose
// name or email contains query, by name: the people an approver may preview it as.
func (s *Store) AudienceContacts(ctx context.Context, c *Campaign, query string, p models.Page) ([]models.Contact, int64, error) {
	where, args := audienceWhere(c.Audience, c.Kind)
	q := s.DB.WithContext(ctx).Model(&models.Contact{}).Where(where, args...)
	if t := strings.ToLower(strings.TrimSpace(query)); t != "" {
		like := "%" + models.EscapeLike(t) + "%"
		q = q.Where("(email LIKE ? ESCAPE '\\' OR LOWER(name) LIKE ? ESCAPE '\\')", like, like)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []models.Contact
	err := q.Order("name, id").Offset(p.Offset()).Limit(p.PerPage).Find(&out).Error
	return out, total, err
}

// AudienceContact returns contact id if the campaign's audience reaches it now. A contact
// outside the audience is refused: a preview shows only what a real recipient would get.
func (s *Store) AudienceContact(ctx context.Context, c *Campaign, id uint) (*models.Contact, error) {
	where, args := audienceWhere(c.Audience, c.Kind)
	var ct models.Contact
	err := s.DB.WithContext(ctx).Where(where, args...).Where("id = ?", id).First(&ct).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.Invalid("contact_id", "that person is not in this campaign's audience")
	}
	if err != nil {
		return nil, err
	}
	return &ct, nil
}
