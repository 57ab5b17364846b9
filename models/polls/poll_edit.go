package polls

import (
	"context"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// A poll's content may change only before anyone has answered it: a vote is an answer to
// the question as it stood, so editing or deleting a poll with votes would change or lose
// what people said. After the first vote, the facilitator duplicates the poll instead.
// An open poll is refused too, even with no votes yet: phones are showing it, and a vote
// checked against the old options could arrive while it changes. Closed, no votes stored,
// no vote can be stored (only open polls take votes), so the check holds until commit.

// editablePollTx loads a poll and refuses it when it is open or has votes.
func editablePollTx(tx *gorm.DB, id uint) (*Poll, error) {
	var p Poll
	if err := tx.First(&p, id).Error; err != nil {
		return nil, models.OrNotFound(err, "poll")
	}
	if p.State == PollOpened {
		return nil, models.Conflict("state", "close the poll before you change it")
	}
	var votes int64
	if err := tx.Model(&PollVote{}).Where("poll_id = ?", id).Count(&votes).Error; err != nil {
		return nil, err
	}
	if votes > 0 {
		return nil, models.Conflict("poll", "people have answered this poll, so it cannot be changed or deleted: duplicate it instead")
	}
	return &p, nil
}

// UpdatePoll replaces a poll's content (kind, question, options, scale) before its first
// vote; its place, state and whether results are shown stay as they were.
func (s *Store) UpdatePoll(ctx context.Context, id uint, in PollInput) (*Poll, error) {
	next, err := in.validate()
	if err != nil {
		return nil, err
	}
	var p *Poll
	err = s.Tx(ctx, func(tx *gorm.DB) error {
		if p, err = editablePollTx(tx, id); err != nil {
			return err
		}
		p.Kind, p.Question, p.Options = next.Kind, next.Question, next.Options
		p.Min, p.Max, p.MinLabel, p.MaxLabel = next.Min, next.Max, next.MinLabel, next.MaxLabel
		p.opts = nil
		return tx.Model(p).Select("kind", "question", "options", "min", "max", "min_label", "max_label", "updated_at").
			Updates(p).Error
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// DeletePoll removes a poll before its first vote. If it was the workshop's current poll,
// the workshop has none until the facilitator opens another.
func (s *Store) DeletePoll(ctx context.Context, id uint) (*Poll, error) {
	var p *Poll
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		if p, err = editablePollTx(tx, id); err != nil {
			return err
		}
		if err := tx.Model(&Workshop{}).Where("id = ? AND current_poll_id = ?", p.WorkshopID, p.ID).
			Update("current_poll_id", nil).Error; err != nil {
			return err
		}
		return tx.Delete(&Poll{}, p.ID).Error
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// DuplicatePoll copies a poll's content into a new draft just after it, with no votes and
// results hidden: the way to change a poll people have already answered.
func (s *Store) DuplicatePoll(ctx context.Context, id uint) (*Poll, error) {
	var cp Poll
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		var src Poll
		if err := tx.First(&src, id).Error; err != nil {
			return models.OrNotFound(err, "poll")
		}
		if err := tx.Model(&Poll{}).Where("workshop_id = ? AND position > ?", src.WorkshopID, src.Position).
			Update("position", gorm.Expr("position + 1")).Error; err != nil {
			return err
		}
		cp = Poll{WorkshopID: src.WorkshopID, Position: src.Position + 1, Kind: src.Kind, Question: src.Question,
			Options: src.Options, Min: src.Min, Max: src.Max, MinLabel: src.MinLabel, MaxLabel: src.MaxLabel,
			State: PollDraft}
		return tx.Create(&cp).Error
	})
	if err != nil {
		return nil, err
	}
	return &cp, nil
}

// ReorderPolls sets the order of a workshop's polls: ids must list each of its polls
// exactly once, first to last. Positions become 1..n, so "next" follows the new order.
func (s *Store) ReorderPolls(ctx context.Context, workshopID uint, ids []uint) ([]Poll, error) {
	var out []Poll
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if _, err := getWorkshopTx(tx, workshopID); err != nil {
			return err
		}
		var have []uint
		if err := tx.Model(&Poll{}).Where("workshop_id = ?", workshopID).Pluck("id", &have).Error; err != nil {
			return err
		}
		if !samePollSet(have, ids) {
			return models.Invalid("poll_ids", "poll_ids must list every poll in this workshop once")
		}
		for i, id := range ids {
			if err := tx.Model(&Poll{}).Where("id = ?", id).Update("position", i+1).Error; err != nil {
				return err
			}
		}
		return tx.Where("workshop_id = ?", workshopID).Order("position, id").Find(&out).Error
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// samePollSet reports whether ids holds exactly the ids in have, each once.
func samePollSet(have, ids []uint) bool {
	if len(have) != len(ids) {
		return false
	}
	want := make(map[uint]bool, len(have))
	for _, id := range have {
		want[id] = true
	}
	for _, id := range ids {
		if !want[id] {
			return false
		}
		delete(want, id)
	}
	return true
}

// CountVotesByPoll counts the votes on each of a workshop's polls (polls with none are
// absent), so the control page offers change and delete only where they are allowed.
func (s *Store) CountVotesByPoll(ctx context.Context, workshopID uint) (map[uint]int64, error) {
	var rows []struct {
		PollID uint
		N      int64
	}
	err := s.DB.WithContext(ctx).Model(&PollVote{}).Select("poll_votes.poll_id AS poll_id, COUNT(*) AS n").
		Joins("JOIN polls ON polls.id = poll_votes.poll_id").Where("polls.workshop_id = ?", workshopID).
		Group("poll_votes.poll_id").Scan(&rows).Error
	out := make(map[uint]int64, len(rows))
	for _, r := range rows {
		out[r.PollID] = r.N
	}
	return out, err
}
