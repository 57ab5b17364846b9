package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/models/feedback"
)

// demoChannel is a feedback channel with the posts people left in it.
type demoChannel struct {
	name, description, audience string
	anonymous, approval         bool
	posts                       []demoPost
}

// demoPost is one post and what the programme did with it.
type demoPost struct {
	kind, body, group string
	named             bool
	status            string
	tags              []string
	reply, action     string
	metoo             int
}

var feedbackChannels = []demoChannel{
	{"Clinical safety concerns", "Tell the clinical safety team about anything in the new EPR that could harm a patient. Urgent risks still go through Datix.", "staff", true, false, []demoPost{
		{"concern", "The allergy banner disappears when you scroll down the drug chart, so it is easy to prescribe without seeing it.", "Medical and Dental", false, "actioned", []string{"allergies", "prescribing"}, "Thank you: this has been logged as hazard H-014.", "The allergy banner is now pinned to the top of every medication screen (release 2.3).", 23},
		{"concern", "Paediatric weights default to kilograms with one decimal place; neonates need grams.", "Nursing and Midwifery Registered", false, "acknowledged", []string{"paediatrics", "prescribing"}, "", "", 14},
		{"concern", "Discharge summaries printed in the test system leave out the follow-up appointment.", "Medical and Dental", true, "answered", []string{"discharge"}, "The template has been fixed in test; please check again after Friday's refresh.", "", 9},
		{"question", "Who signs off the clinical safety case before go-live?", "Add Prof Scientific and Technic", false, "answered", []string{"governance"}, "The Chief Clinical Information Officer signs the DCB0160 safety case, with the trust board told in March.", "", 5},
		{"concern", "Two patients with the same name on the ward list show no warning.", "Nursing and Midwifery Registered", false, "new", []string{"patient identity"}, "", "", 17},
		{"concern", "Insulin sliding scales cannot be entered as a range.", "Nursing and Midwifery Registered", false, "actioned", []string{"prescribing", "diabetes"}, "We have worked with the diabetes team on this.", "Variable-rate insulin now has its own order set, reviewed by the diabetes specialist nurses.", 11},
		{"idea", "Show the last three NEWS2 scores on the patient banner.", "Nursing and Midwifery Registered", false, "new", []string{"observations"}, "", "", 8},
	}},
	{"Data migration", "Questions and worries about moving records from the old systems to the new EPR.", "staff", true, false, []demoPost{
		{"question", "Will scanned letters from before 2015 come across, or only the index?", "Administrative and Clerical", false, "answered", []string{"scanned records"}, "Everything scanned since 2009 migrates in full; older letters stay in the archive viewer, linked from the record.", "", 19},
		{"concern", "Our community caseload lists are kept in spreadsheets; nobody has asked us for them.", "Allied Health Professionals", true, "acknowledged", []string{"community", "caseloads"}, "", "", 12},
		{"question", "How will we check our patients' records are right after the move?", "Nursing and Midwifery Registered", false, "actioned", []string{"validation"}, "Each ward gets a validation pack.", "Every ward and team now has a two-hour validation slot booked in the fortnight after cut-over, with a checklist.", 21},
		{"idea", "Freeze new outpatient bookings for a day around cut-over, as Riverbank did.", "Administrative and Clerical", true, "closed", []string{"cut-over"}, "Thanks: the booking freeze is in the cut-over plan already.", "", 4},
		{"concern", "Alerts for safeguarding look like they are being dropped in the test load.", "Social Care", false, "new", []string{"safeguarding"}, "", "", 15},
	}},
	{"Training and readiness", "Tell us what training you need and what would help your team be ready.", "staff", true, false, []demoPost{
		{"idea", "Record the training sessions so night staff can watch them.", "Nursing and Midwifery Registered", false, "actioned", []string{"night shifts", "recordings"}, "Good idea, we are on it.", "Every classroom session is now recorded and on the intranet within two days.", 31},
		{"concern", "Bank and agency staff are not on the training list at all.", "Additional Clinical Services", false, "actioned", []string{"bank staff"}, "You are right; we have spoken to the staffing office.", "Bank staff now book training through the staffing app and are paid for the time.", 26},
		{"question", "Is there a sandbox to practise in before go-live?", "Allied Health Professionals", true, "answered", []string{"sandbox"}, "Yes: the training domain opens on 1 February, with log-ins from your super user.", "", 18},
		{"concern", "Two hours is not enough e-learning for consultants who prescribe.", "Medical and Dental", false, "acknowledged", []string{"prescribing", "e-learning"}, "", "", 7},
		{"idea", "Super users on every ward for the first two weeks.", "Nursing and Midwifery Registered", false, "new", []string{"super users"}, "", "", 13},
		{"question", "Will GP practices get training on the new discharge letters?", "Medical and Dental", true, "new", []string{"primary care"}, "", "", 6},
	}},
	{"Patients and carers", "Patients, carers and the public: tell us how the change affects you. Posts appear once the team has checked them.", "public", true, true, []demoPost{
		{"question", "Will I still be able to see my test results in the NHS App?", "Patient or Public", false, "answered", []string{"nhs app"}, "Yes. Results will reach the NHS App as they do now, usually within a day or two.", "", 22},
		{"concern", "My dad has dementia; will staff still see his 'This is me' document?", "Patient or Public", true, "actioned", []string{"dementia", "carers"}, "Thank you for telling us.", "'This is me' documents are now scanned into the record on admission and flagged on the patient banner.", 29},
		{"idea", "Send appointment letters in large print for people who ask.", "Patient or Public", false, "actioned", []string{"accessibility", "letters"}, "We agree.", "You can now ask for large print, easy read or audio letters; the choice is kept in your record.", 16},
		{"question", "Who can see my record once it is all electronic?", "Patient or Public", false, "new", []string{"privacy"}, "", "", 10},
	}},
}

func seedFeedback(ctx context.Context, store *models.Store, rng *rand.Rand) error {
	comms, err := store.GetPersonByEmail(ctx, CommsEmail)
	if err != nil {
		return err
	}
	admin, err := store.GetPersonByEmail(ctx, AdminEmail)
	if err != nil {
		return err
	}
	orgs, err := store.ListOrganisations(ctx)
	if err != nil {
		return err
	}
	team := feedback.Author{ID: comms.ID, Name: comms.Name}
	for _, dc := range feedbackChannels {
		ch, err := feedback.Of(store).CreateChannel(ctx, feedback.ChannelInput{Name: &dc.name, Description: &dc.description,
			Audience: &dc.audience, AllowAnonymous: &dc.anonymous, RequireApproval: &dc.approval})
		if err != nil {
			return fmt.Errorf("demo channel %s: %w", dc.name, err)
		}
		for i, dp := range dc.posts {
			if err := seedPost(ctx, store, rng, ch, dp, i, orgs, team, feedback.Author{ID: admin.ID, Name: admin.Name}); err != nil {
				return fmt.Errorf("demo post in %s: %w", dc.name, err)
			}
		}
	}
	return nil
}

func seedPost(ctx context.Context, store *models.Store, rng *rand.Rand, ch *feedback.FeedbackChannel, dp demoPost,
	i int, orgs []models.Organisation, team, admin feedback.Author) error {
	in := feedback.PostInput{Kind: dp.kind, Body: dp.body, StaffGroup: dp.group, Anonymous: !dp.named}
	if dp.group != "Patient or Public" {
		in.OrganisationID = &orgs[rng.IntN(len(orgs))].ID
	}
	if dp.named {
		first, last := firstNames[rng.IntN(len(firstNames))], lastNames[rng.IntN(len(lastNames))]
		in.Name = first + " " + last
		in.Email = fmt.Sprintf("feedback.%d.%d@example.org", ch.ID, i)
	}
	post, _, err := feedback.Of(store).CreatePost(ctx, ch.ID, in)
	if err != nil {
		return err
	}
	if ch.RequireApproval && (dp.status != feedback.StatusNew || i%2 == 0) {
		if _, err := feedback.Of(store).ModeratePost(ctx, post.ID, feedback.ModerationInput{Action: feedback.ModerationApprove}, admin); err != nil {
			return err
		}
	}
	for v := 0; v < dp.metoo; v++ {
		if _, err := feedback.Of(store).AddMetoo(ctx, post.ID, models.HashSecret(fmt.Sprintf("demo-voter-%d", v))); err != nil &&
			models.ErrorCode(err) != models.ENOTFOUND {
			return err
		}
	}
	if dp.reply != "" {
		if _, err := feedback.Of(store).AddTeamReply(ctx, post.ID, feedback.ReplyInput{Body: dp.reply, Public: true}, team); err != nil {
			return err
		}
	}
	tri := feedback.TriageInput{Tags: &dp.tags}
	if dp.status != feedback.StatusNew {
		tri.Status = &dp.status
	}
	if dp.action != "" {
		tri.ActionTaken = &dp.action
	}
	_, err = feedback.Of(store).TriagePost(ctx, post.ID, tri)
	return err
}
