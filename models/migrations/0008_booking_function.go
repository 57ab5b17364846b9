package migrations

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0008BookingFunction adds confer_book, the public booking on Postgres as one
// server-side function: one round trip and one commit per booking, where the client-side
// transaction took seven round trips and two reads before it, which is what limited booking
// throughput. It does what Store.Book does on SQLite, check for check and in the same order:
//
//  1. the slot exists, is not cancelled and has not started;
//  2. a stated organisation exists; otherwise the organisation comes from the email's
//     domain (p_domains: it and its parents, comma-separated), the most specific match first; a session restricted to some organisations
//     takes only emails of their domains;
//  3. serialise this person's bookings (a transaction-scoped advisory lock on the email),
//     so two concurrent requests cannot both pass the clash check;
//  4. refuse a second active booking in the session or one overlapping in time, returning
//     the clashing booking's id so the caller can name it;
//  5. take a seat with a conditional update (never more confirmed than capacity), or a
//     place at the back of the waitlist when full and asked for, or report the slot full;
//  6. insert the booking (the partial unique index still guards one-per-session);
//  7. when waitlisted, hand any seat freed meanwhile to the head of the queue, in order.
//
// It returns the slot and session rows as JSON, for the confirmation and the response.
// In READ COMMITTED each statement of a VOLATILE function takes a fresh snapshot, so the
// clash check sees bookings committed while it waited for the lock, as in the Go path.
// SQLite has no functions; its write transactions are serial, and Store.Book runs there.
func m0008BookingFunction() *gormigrate.Migration {
	return &gormigrate.Migration{
		ID: "0008_booking_function",
		Migrate: func(tx *gorm.DB) error {
			if tx.Dialector.Name() != "postgres" {
				return nil
			}
			if err := tx.Exec(bookFunctionSQL).Error; err != nil {
				return err
			}
			return tx.Exec(bookBatchFunctionSQL).Error
		},
		Rollback: func(tx *gorm.DB) error {
			if tx.Dialector.Name() != "postgres" {
				return nil
			}
			return tx.Exec(`DROP FUNCTION IF EXISTS confer_book_batch; DROP FUNCTION IF EXISTS confer_book`).Error
		},
	}
}

// outcome is 'confirmed' or 'waitlisted' (booked), or why not: 'no_slot', 'cancelled',
// 'started', 'no_organisation', 'restricted' (session_organisations lists whose staff may
// book), 'clash' (clash_id names the booking held) or 'full' (no seat, no waitlist asked).
// promoted lists, comma-separated, the waitlisted bookings given a seat freed meanwhile
// (this booking's id among them when it was the head of the queue).
const bookFunctionSQL = `
CREATE OR REPLACE FUNCTION confer_book(
	p_slot bigint, p_name text, p_email text, p_organisation bigint, p_domains text,
	p_staff_group text, p_job_role text, p_manage_hash text, p_calendar_uid text,
	p_waitlist boolean, p_now timestamptz, p_reminder_lead interval)
RETURNS TABLE (outcome text, booking_id bigint, queue_seq bigint, queue_position bigint,
	clash_id bigint, promoted text, organisation_id bigint, slot json, session json,
	session_organisations text)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
	s slots%ROWTYPE;
	e engagement_sessions%ROWTYPE;
	v_by_domain bigint;
	v_org bigint := p_organisation;
	v_orgs text := '';
	v_status text;
	v_seq bigint := 0;
	v_pos bigint := 0;
	v_id bigint;
	v_other bigint;
	v_promoted text := '';
BEGIN
	SELECT * INTO s FROM slots WHERE id = p_slot;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'no_slot'::text, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, ''::text, NULL::bigint, NULL::json, NULL::json, ''::text;
		RETURN;
	END IF;
	SELECT * INTO e FROM engagement_sessions WHERE id = s.engagement_session_id;
	IF s.cancelled_at IS NOT NULL THEN
		RETURN QUERY SELECT 'cancelled'::text, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, ''::text, NULL::bigint, NULL::json, NULL::json, ''::text;
		RETURN;
	END IF;
	IF s.starts_at <= p_now THEN
		RETURN QUERY SELECT 'started'::text, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, ''::text, NULL::bigint, NULL::json, NULL::json, ''::text;
		RETURN;
	END IF;
	IF p_organisation IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organisations WHERE id = p_organisation) THEN
		RETURN QUERY SELECT 'no_organisation'::text, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, ''::text, NULL::bigint, NULL::json, NULL::json, ''::text;
		RETURN;
	END IF;
	IF p_organisation IS NULL OR e.restrict_to_organisations THEN
		SELECT d.organisation_id INTO v_by_domain FROM organisation_domains d
		WHERE d.domain = ANY (string_to_array(p_domains, ',')) ORDER BY length(d.domain) DESC LIMIT 1;
		v_org := COALESCE(p_organisation, v_by_domain);
	END IF;
	IF e.restrict_to_organisations THEN
		SELECT COALESCE(string_agg(o.organisation_id::text, ',' ORDER BY o.organisation_id), '') INTO v_orgs
		FROM engagement_session_organisations o WHERE o.engagement_session_id = e.id;
		IF v_by_domain IS NULL OR NOT EXISTS (SELECT 1 FROM engagement_session_organisations o
				WHERE o.engagement_session_id = e.id AND o.organisation_id = v_by_domain) THEN
			RETURN QUERY SELECT 'restricted'::text, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, ''::text, NULL::bigint, NULL::json, NULL::json, v_orgs;
			RETURN;
		END IF;
	END IF;

	PERFORM pg_advisory_xact_lock(hashtext('booking:' || p_email));

	SELECT b.id INTO v_other FROM bookings b
	WHERE b.email = p_email AND b.status IN ('confirmed', 'waitlisted')
		AND (b.engagement_session_id = e.id OR (b.starts_at < s.ends_at AND b.ends_at > s.starts_at))
	ORDER BY b.id LIMIT 1;
	IF FOUND THEN
		RETURN QUERY SELECT 'clash'::text, NULL::bigint, NULL::bigint, NULL::bigint, v_other, ''::text, NULL::bigint, NULL::json, NULL::json, ''::text;
		RETURN;
	END IF;

	UPDATE slots SET confirmed = confirmed + 1
	WHERE id = p_slot AND confirmed < capacity AND cancelled_at IS NULL
	RETURNING * INTO s;
	IF FOUND THEN
		v_status := 'confirmed';
	ELSIF NOT p_waitlist THEN
		RETURN QUERY SELECT 'full'::text, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, ''::text, NULL::bigint, NULL::json, NULL::json, ''::text;
		RETURN;
	ELSE
		UPDATE slots SET waitlisted = waitlisted + 1, waitlist_seq = waitlist_seq + 1
		WHERE id = p_slot AND cancelled_at IS NULL
		RETURNING * INTO s;
		IF NOT FOUND THEN
			RETURN QUERY SELECT 'cancelled'::text, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, ''::text, NULL::bigint, NULL::json, NULL::json, ''::text;
			RETURN;
		END IF;
		v_status := 'waitlisted';
		v_pos := s.waitlisted;
		v_seq := s.waitlist_seq;
	END IF;

	INSERT INTO bookings (slot_id, engagement_session_id, name, email, organisation_id, staff_group,
		job_role, status, queue_seq, attendance, manage_hash, calendar_uid, calendar_seq,
		starts_at, ends_at, reminder_sent_at, created_at, updated_at)
	VALUES (p_slot, e.id, p_name, p_email, v_org, p_staff_group,
		p_job_role, v_status, v_seq, '', p_manage_hash, p_calendar_uid, 0,
		s.starts_at, s.ends_at, CASE WHEN s.starts_at - p_now <= p_reminder_lead THEN p_now END,
		p_now, p_now)
	RETURNING id INTO v_id;

	IF v_status = 'waitlisted' THEN
		LOOP
			UPDATE slots SET confirmed = confirmed + 1, waitlisted = waitlisted - 1
			WHERE id = p_slot AND confirmed < capacity AND waitlisted > 0 AND cancelled_at IS NULL;
			EXIT WHEN NOT FOUND;
			UPDATE bookings SET status = 'confirmed', updated_at = p_now,
				reminder_sent_at = CASE WHEN starts_at - p_now <= p_reminder_lead THEN p_now END
			WHERE id = (SELECT h.id FROM bookings h WHERE h.slot_id = p_slot AND h.status = 'waitlisted'
				ORDER BY h.queue_seq, h.id LIMIT 1)
			RETURNING id INTO v_other;
			IF NOT FOUND THEN
				RAISE EXCEPTION 'confer_book: slot % counts a waitlist but has no waitlisted booking', p_slot;
			END IF;
			v_promoted := v_promoted || CASE WHEN v_promoted = '' THEN '' ELSE ',' END || v_other;
		END LOOP;
		IF v_promoted <> '' THEN
			SELECT * INTO s FROM slots WHERE id = p_slot;
		END IF;
	END IF;

	RETURN QUERY SELECT v_status, v_id, v_seq, v_pos, NULL::bigint, v_promoted, v_org,
		row_to_json(s), row_to_json(e), v_orgs;
END
$fn$`

// confer_book_batch books several people in one transaction, in the order given, each
// exactly as confer_book would: Store.Book groups concurrent requests into one call, so a
// burst of bookings costs one commit per batch rather than one each. p_bookings is a JSON
// array of objects with confer_book's arguments (i numbers them; the rows come back with it).
const bookBatchFunctionSQL = `
CREATE OR REPLACE FUNCTION confer_book_batch(p_bookings jsonb, p_now timestamptz, p_reminder_lead interval)
RETURNS TABLE (i int, outcome text, booking_id bigint, queue_seq bigint, queue_position bigint,
	clash_id bigint, promoted text, organisation_id bigint, slot json, session json,
	session_organisations text)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT * FROM jsonb_to_recordset(p_bookings) AS x(i int, slot bigint, name text, email text,
			organisation bigint, domains text, staff_group text, job_role text, manage_hash text,
			calendar_uid text, waitlist boolean) ORDER BY x.i
	LOOP
		RETURN QUERY SELECT r.i, b.* FROM confer_book(r.slot, r.name, r.email, r.organisation, r.domains,
			r.staff_group, r.job_role, r.manage_hash, r.calendar_uid, r.waitlist, p_now, p_reminder_lead) b;
	END LOOP;
END
$fn$`
