package privacy

import "gorm.io/gorm"

// Readiness pulses (issue 17): a response through a personal link names its contact and
// campaign recipient. Open-link responses name no one and are not found.
//
//	pulse_responses, pulse_answers  the contact's answers to pulses   unlinked from them (contact and job role removed; the recipient row they point at is anonymised), open-text answers removed; organisation, staff group and choices kept for counts

// findPulseAnswers lists the answers of responses made through the person's own links,
// found by their contacts and the campaign emails sent to them.
func findPulseAnswers(tx *gorm.DB, f *Findings, _ string) error {
	return f.add(tx, "pulse_answers", "Answers to readiness pulses", "unlinked from them, with written answers removed", `
SELECT a.id, p.title AS pulse, q.prompt AS question, a.value, a.text, r.staff_group, r.job_role, r.updated_at
FROM pulse_answers a JOIN pulse_responses r ON r.id = a.response_id JOIN pulses p ON p.id = a.pulse_id
JOIN pulse_questions q ON q.id = a.question_id
WHERE r.contact_id IN ? OR r.campaign_recipient_id IN ? ORDER BY a.id`,
		orNone(f.Area("contacts").ids, 0), orNone(f.Area("campaign_recipients").ids, 0))
}

// pulses unlinks the person's responses (they still count, in their organisation and
// staff group) and removes what they wrote.
func (e *eraser) pulses() error {
	ids := e.ids("pulse_answers")
	// campaign_recipient_id stays: that row now holds the erasure's pseudonym, by which
	// coverage still counts these answers as one person's, as before.
	err := e.exec(`UPDATE pulse_responses SET contact_id = NULL, job_role = ''
 WHERE id IN (SELECT response_id FROM pulse_answers WHERE id IN ?)`, ids)
	if err != nil {
		return err
	}
	return e.exec(`UPDATE pulse_answers SET text = ? WHERE id IN ? AND text <> ''`, Removed, ids)
}
