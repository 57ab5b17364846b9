CREATE OR REPLACE FUNCTION confer_book(
	p_slot bigint, p_name text, p_email text, p_organisation bigint, p_domains text,
	p_staff_group text, p_job_role text, p_manage_hash text, p_calendar_uid text,
	p_waitlist boolean, p_now timestamptz, p_reminder_lead interval)
RETURNS TABLE (outcome text, booking_id bigint, queue_seq bigint, queue_position bigint,
	clash_id bigint, promoted text, organisation_id bigint, slot json, session json,
	session_organisations text, reserve_qualified boolean)
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
	v_qualified boolean := false;
	v_hold int := 0;
	v_head_qualified boolean;
BEGIN
	SELECT * INTO s FROM slots WHERE id = p_slot;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'no_slot'::text, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, ''::text, NULL::bigint, NULL::json, NULL::json, ''::text, false;
		RETURN;
	END IF;
	SELECT * INTO e FROM engagement_sessions WHERE id = s.engagement_session_id;
	IF s.cancelled_at IS NOT NULL THEN
		RETURN QUERY SELECT 'cancelled'::text, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, ''::text, NULL::bigint, NULL::json, NULL::json, ''::text, false;
		RETURN;
	END IF;
	IF s.starts_at <= p_now THEN
		RETURN QUERY SELECT 'started'::text, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, ''::text, NULL::bigint, NULL::json, NULL::json, ''::text, false;
		RETURN;
	END IF;
	IF p_organisation IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organisations WHERE id = p_organisation) THEN
		RETURN QUERY SELECT 'no_organisation'::text, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, ''::text, NULL::bigint, NULL::json, NULL::json, ''::text, false;
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
			RETURN QUERY SELECT 'restricted'::text, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, ''::text, NULL::bigint, NULL::json, NULL::json, v_orgs, false;
			RETURN;
		END IF;
	END IF;

	-- Held seats: while the hold lasts, bookings that do not qualify stay within
	-- capacity minus floor(capacity * share / 100), counted by slots.confirmed_open.
	IF e.reserved_share > 0 THEN
		v_qualified := (e.reserved_organisation_ids IN ('[]', 'null')
				OR COALESCE(e.reserved_organisation_ids::jsonb @> to_jsonb(v_org), false))
			AND (e.reserved_staff_groups IN ('[]', 'null')
				OR e.reserved_staff_groups::jsonb @> to_jsonb(p_staff_group));
		IF e.reserved_until > p_now THEN
			v_hold := e.reserved_share;
		END IF;
	END IF;

	PERFORM pg_advisory_xact_lock(hashtext('booking:' || p_email));

	SELECT b.id INTO v_other FROM bookings b
	WHERE b.email = p_email AND b.status IN ('confirmed', 'waitlisted')
		AND (b.engagement_session_id = e.id OR (b.starts_at < s.ends_at AND b.ends_at > s.starts_at))
	ORDER BY b.id LIMIT 1;
	IF FOUND THEN
		RETURN QUERY SELECT 'clash'::text, NULL::bigint, NULL::bigint, NULL::bigint, v_other, ''::text, NULL::bigint, NULL::json, NULL::json, ''::text, false;
		RETURN;
	END IF;

	UPDATE slots SET confirmed = confirmed + 1,
		confirmed_open = confirmed_open + CASE WHEN v_qualified THEN 0 ELSE 1 END
	WHERE id = p_slot AND confirmed < capacity AND cancelled_at IS NULL
		AND (v_qualified OR confirmed_open < capacity - capacity * v_hold / 100)
	RETURNING * INTO s;
	IF FOUND THEN
		v_status := 'confirmed';
	ELSIF NOT p_waitlist THEN
		RETURN QUERY SELECT CASE WHEN EXISTS (SELECT 1 FROM slots x WHERE x.id = p_slot AND x.confirmed < x.capacity)
			THEN 'held' ELSE 'full' END, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, ''::text, NULL::bigint, NULL::json, NULL::json, ''::text, false;
		RETURN;
	ELSE
		UPDATE slots SET waitlisted = waitlisted + 1, waitlist_seq = waitlist_seq + 1
		WHERE id = p_slot AND cancelled_at IS NULL
		RETURNING * INTO s;
		IF NOT FOUND THEN
			RETURN QUERY SELECT 'cancelled'::text, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, ''::text, NULL::bigint, NULL::json, NULL::json, ''::text, false;
			RETURN;
		END IF;
		v_status := 'waitlisted';
		v_pos := s.waitlisted;
		v_seq := s.waitlist_seq;
	END IF;

	INSERT INTO bookings (slot_id, engagement_session_id, name, email, organisation_id, staff_group,
		job_role, status, queue_seq, attendance, manage_hash, calendar_uid, calendar_seq,
		starts_at, ends_at, reminder_sent_at, created_at, updated_at, reserve_qualified)
	VALUES (p_slot, e.id, p_name, p_email, v_org, p_staff_group,
		p_job_role, v_status, v_seq, '', p_manage_hash, p_calendar_uid, 0,
		s.starts_at, s.ends_at, CASE WHEN s.starts_at - p_now <= p_reminder_lead THEN p_now END,
		p_now, p_now, v_qualified)
	RETURNING id INTO v_id;

	IF v_status = 'waitlisted' THEN
		LOOP
			-- the first in the queue who may take a free seat: anyone when nothing is held
			-- or open seats are left, otherwise the first who qualifies
			SELECT h.id, h.reserve_qualified INTO v_other, v_head_qualified
			FROM bookings h JOIN slots x ON x.id = h.slot_id
			WHERE h.slot_id = p_slot AND h.status = 'waitlisted' AND x.confirmed < x.capacity
				AND x.cancelled_at IS NULL
				AND (h.reserve_qualified OR x.confirmed_open < x.capacity - x.capacity * v_hold / 100)
			ORDER BY h.queue_seq, h.id LIMIT 1;
			EXIT WHEN NOT FOUND;
			UPDATE slots SET confirmed = confirmed + 1, waitlisted = waitlisted - 1,
				confirmed_open = confirmed_open + CASE WHEN v_head_qualified THEN 0 ELSE 1 END
			WHERE id = p_slot;
			UPDATE bookings SET status = 'confirmed', updated_at = p_now,
				reminder_sent_at = CASE WHEN starts_at - p_now <= p_reminder_lead THEN p_now END
			WHERE id = v_other;
			v_promoted := v_promoted || CASE WHEN v_promoted = '' THEN '' ELSE ',' END || v_other;
		END LOOP;
		IF v_promoted <> '' THEN
			SELECT * INTO s FROM slots WHERE id = p_slot;
		END IF;
	END IF;

	RETURN QUERY SELECT v_status, v_id, v_seq, v_pos, NULL::bigint, v_promoted, v_org,
		row_to_json(s), row_to_json(e), v_orgs, v_qualified;
END
$fn$
