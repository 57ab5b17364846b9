-- confer_held_share is the percentage of each slot's seats a session holds back at p_now:
-- its share until its release time, then none (EngagementSession.HeldShare in Go).
CREATE OR REPLACE FUNCTION confer_held_share(p_reserved_share bigint, p_reserved_until timestamptz, p_now timestamptz)
RETURNS int LANGUAGE sql IMMUTABLE AS $fn$
	SELECT CASE WHEN p_reserved_share > 0 AND p_reserved_until > p_now THEN p_reserved_share::int ELSE 0 END
$fn$;

-- confer_seat_free says whether a booking may take a seat of a slot with these counters:
-- a seat is free and, unless the booking qualifies for the held seats, the bookings that
-- do not qualify stay within capacity minus floor(capacity * hold / 100). It is the held-seat
-- arithmetic of every seat taken on Postgres (booking and promotion).
CREATE OR REPLACE FUNCTION confer_seat_free(p_capacity bigint, p_confirmed bigint, p_confirmed_open bigint,
	p_qualified boolean, p_hold int)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $fn$
	SELECT p_confirmed < p_capacity AND (p_qualified OR p_confirmed_open < p_capacity - p_capacity * p_hold / 100)
$fn$;

-- confer_promote fills a slot's free seats from its waiting list, in arrival order, once per
-- seat: each goes to the first in the queue who may take it (anyone, unless only held seats
-- are free: then the first who qualifies). A booking not yet confirmed from its mailbox takes
-- the seat as pending. It returns the promoted bookings' ids in the order promoted. The
-- caller holds the slot's lock (confer_book's seat update, or lockSlot in Go); confer_book
-- and every change that frees seats (cancel, move, capacity, released holds, expiry) use it.
CREATE OR REPLACE FUNCTION confer_promote(p_slot bigint, p_now timestamptz, p_reminder_lead interval)
RETURNS SETOF bigint
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
	v_hold int;
	v_head bigint;
	v_qualified boolean;
BEGIN
	SELECT confer_held_share(e.reserved_share, e.reserved_until, p_now) INTO v_hold
	FROM slots x JOIN engagement_sessions e ON e.id = x.engagement_session_id WHERE x.id = p_slot;
	LOOP
		SELECT h.id, h.reserve_qualified INTO v_head, v_qualified
		FROM bookings h JOIN slots x ON x.id = h.slot_id
		WHERE h.slot_id = p_slot AND h.status = 'waitlisted' AND x.cancelled_at IS NULL
			AND confer_seat_free(x.capacity, x.confirmed, x.confirmed_open, h.reserve_qualified, v_hold)
		ORDER BY h.queue_seq, h.id LIMIT 1;
		EXIT WHEN NOT FOUND;
		UPDATE slots SET confirmed = confirmed + 1, waitlisted = waitlisted - 1,
			confirmed_open = confirmed_open + CASE WHEN v_qualified THEN 0 ELSE 1 END
		WHERE id = p_slot AND confirmed < capacity AND waitlisted > 0;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'confer_promote: slot % counts no waitlist but has a waitlisted booking', p_slot;
		END IF;
		UPDATE bookings SET status = CASE WHEN confirm_by IS NULL THEN 'confirmed' ELSE 'pending' END, updated_at = p_now,
			reminder_sent_at = CASE WHEN starts_at - p_now <= p_reminder_lead THEN p_now END
		WHERE id = v_head;
		RETURN NEXT v_head;
	END LOOP;
END
$fn$
