package campaigns

import (
	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/server/web"
)

// resendUnsettled puts the campaign's unsettled recipients (SendGrid never confirmed the
// batch a stopped sender had in flight) back in the queue once, as the comms user asked,
// and wakes this instance's dispatcher to send them. The page warns first that, without
// the signed event webhook, some of them may already have had it.
func (s *Area) resendUnsettled(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	camp, n, err := s.db.ResendUnsettled(c.UserContext(), id, s.Cfg.Campaign.BatchSize)
	if err != nil {
		return err
	}
	s.WakeDispatcher()
	web.AuditSummary(c, "%d unconfirmed recipients queued to be sent it again; status now %s", n, camp.Status)
	return s.renderCampaign(c, camp)
}
