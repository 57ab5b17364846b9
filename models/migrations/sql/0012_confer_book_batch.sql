CREATE OR REPLACE FUNCTION confer_book_batch(p_bookings jsonb, p_now timestamptz, p_reminder_lead interval)
RETURNS TABLE (i int, outcome text, booking_id bigint, queue_seq bigint, queue_position bigint,
	clash_id bigint, promoted text, organisation_id bigint, slot json, session json,
	session_organisations text, reserve_qualified boolean, confirm_by timestamptz)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT * FROM jsonb_to_recordset(p_bookings) AS x(i int, slot bigint, name text, email text,
			organisation bigint, domains text, staff_group text, job_role text, manage_hash text,
			calendar_uid text, waitlist boolean, confirm_hash text) ORDER BY x.i
	LOOP
		RETURN QUERY SELECT r.i, b.* FROM confer_book(r.slot, r.name, r.email, r.organisation, r.domains,
			r.staff_group, r.job_role, r.manage_hash, r.calendar_uid, r.waitlist, p_now, p_reminder_lead, r.confirm_hash) b;
	END LOOP;
END
$fn$
