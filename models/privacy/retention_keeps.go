package privacy

import (
	"context"
	"fmt"
	"time"
)

// SoonDays is how far ahead "what is due" looks beside what is due now.
const SoonDays = 30

// KindDue is how many records of a kind are past their date now (and so go at the next
// run), and how many more reach it within SoonDays. Known is false for a kind kept in
// another part of Confer's tables, which the job removes through a hook and does not count.
type KindDue struct {
	Now, Soon int64
	Known     bool
}

// RetentionDue counts each kind's records due now and within SoonDays of now.
func (s *Store) RetentionDue(ctx context.Context, now time.Time, p Policy) (map[string]KindDue, error) {
	out := map[string]KindDue{}
	soon := now.AddDate(0, 0, SoonDays)
	for _, k := range p {
		scs, ok := scopes[k.Kind]
		if !ok {
			out[k.Kind] = KindDue{}
			continue
		}
		d := KindDue{Known: true}
		for _, sc := range scs {
			n, err := sc.count(ctx, s.DB, k.Due(now))
			if err != nil {
				return nil, err
			}
			m, err := sc.count(ctx, s.DB, k.Due(soon))
			if err != nil {
				return nil, err
			}
			d.Now, d.Soon = d.Now+n, d.Soon+m-n
		}
		out[k.Kind] = d
	}
	return out, nil
}

// LastRuns are, per kind, its latest run (when it was last checked) and its latest run
// that removed something.
type LastRuns struct {
	Checked, Removed *RetentionRun
}

// RetentionLastRuns reads each kind's latest run and latest run that removed something.
func (s *Store) RetentionLastRuns(ctx context.Context) (map[string]LastRuns, error) {
	var latest []RetentionRun
	q := `SELECT r.* FROM retention_runs r WHERE r.id = (SELECT MAX(r2.id) FROM retention_runs r2 WHERE r2.kind = r.kind%s)`
	out := map[string]LastRuns{}
	for i, cond := range []string{"", " AND r2.count > 0"} {
		latest = nil
		if err := s.DB.WithContext(ctx).Raw(fmt.Sprintf(q, cond)).Scan(&latest).Error; err != nil {
			return nil, err
		}
		for j := range latest {
			r := &latest[j]
			l := out[r.Kind]
			if i == 0 {
				l.Checked = r
			} else {
				l.Removed = r
			}
			out[r.Kind] = l
		}
	}
	return out, nil
}
