package coverage

// ProtectBreakdowns decides how a published total and its breakdowns may be shown, with
// coverage's disclosure control: counts of 1 to 4 are hidden (primary suppression), and
// where a breakdown sums to the total, another count is hidden beside a small one so that
// it cannot be worked out by subtraction (secondary suppression). The decision register's
// "what we heard" uses it for its contributions by organisation and by staff group, and
// for each poll's counts.
func ProtectBreakdowns(total int, breakdowns ...[]int) (Disclosure, [][]Disclosure) {
	p := &discPlan{}
	sum := p.add(total)
	idx := make([][]int, len(breakdowns))
	for b, parts := range breakdowns {
		for _, n := range parts {
			idx[b] = append(idx[b], p.add(n))
		}
		p.addSum(sum, idx[b], false)
	}
	p.protect()
	out := make([][]Disclosure, len(breakdowns))
	for b := range breakdowns {
		out[b] = make([]Disclosure, len(idx[b]))
		for i, at := range idx[b] {
			out[b][i] = p.items[at].d
		}
	}
	return p.items[sum].d, out
}
