package polls

import (
	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"

	pollmodel "github.com/confer-nhs/confer/models/polls"
)

func (s *Area) registerQuestionRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/workshops/:id/questions", web.Facilitator, s.listQuestions)
	for _, action := range pollmodel.QuestionActions {
		s.Route(r, fiber.MethodPost, "/questions/:id/"+action, web.Facilitator, s.Owned(models.OwnedQuestion), s.moderateQuestion(action))
	}
}

func (s *Area) listQuestions(c *fiber.Ctx) error {
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
	return c.JSON(toQuestionViews(qs))
}

func (s *Area) moderateQuestion(action string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := web.IDParam(c, "id")
		if err != nil {
			return err
		}
		q, err := s.db.ModerateQuestion(c.UserContext(), id, action)
		if err != nil {
			return err
		}
		s.touchQuestions(q.WorkshopID)
		return c.JSON(toQuestionViews([]pollmodel.PollQuestion{*q})[0])
	}
}
