package coverage

import "slices"

// Disclosure is how one published count may be shown. Small numbers are hidden
// (primary suppression); and where the figures around a hidden count would give it
// away (a total minus the visible cells, a cell minus its verified part), another
// count is hidden with it (secondary suppression). See docs/COVERAGE.md.
type Disclosure uint8

// The ways a count is shown.
const (
	Shown         Disclosure = iota
	HiddenSmall              // 1 to 4 people: "fewer than 5"
	HiddenProtect            // 5 or more, hidden so that a small count cannot be worked out
)

// Hidden reports whether the count is withheld.
func (d Disclosure) Hidden() bool { return d != Shown }

// floor is the least the count can be, as anyone reading the published figures knows:
// what a hidden count is compared with (targets, the order of the gaps), so that no flag
// or order depends on more than is shown.
func (d Disclosure) floor(n int) int {
	switch d {
	case HiddenSmall:
		return 1
	case HiddenProtect:
		return SmallNumber
	}
	return n
}

// ShowCount is a count in words: the number, "fewer than 5", or "not shown".
func ShowCount(n int, d Disclosure) string {
	switch d {
	case HiddenSmall:
		return ShownCount(1)
	case HiddenProtect:
		return "not shown"
	}
	return ShownCount(n)
}

// Count keys in CoverageCell.Hide beside the stages.
const (
	HeadcountKey         = "headcount"
	SelfDeclaredSuffix   = ":self_declared"
	disclosureUnbounded  = 1 << 40
	maxSecondaryRounds   = 10_000
	secondaryMinimumSize = SmallNumber
)

// discItem is one published count: its true value and how it is shown.
type discItem struct {
	n int
	d Disclosure
}

// discSum says items[sum] = the sum of items[parts]. A reader may assume it of any total
// (it is not always so: a person can count in two cells, or in none), so the plan holds
// it wherever it is true. When a secondary count must be hidden, preferSum hides the sum
// rather than a part.
type discSum struct {
	sum       int
	parts     []int
	preferSum bool
}

// discPlan is every count a report publishes and every relation a reader can use.
type discPlan struct {
	items  []discItem
	sums   []discSum
	atMost [][2]int // items[a] <= items[b]
}

// addSum records a sum relation if it holds: one that does not gives a reader a wrong
// value, never the hidden one.
func (p *discPlan) addSum(sum int, parts []int, preferSum bool) {
	total := 0
	for _, q := range parts {
		total += p.items[q].n
	}
	if total == p.items[sum].n {
		p.sums = append(p.sums, discSum{sum, parts, preferSum})
	}
}

func (p *discPlan) add(n int) int {
	d := Shown
	if Suppressed(n) {
		d = HiddenSmall
	}
	p.items = append(p.items, discItem{n, d})
	return len(p.items) - 1
}

// bounds is what a reader learns of each count from the shown ones and the relations:
// the interval each lies in, narrowed until nothing changes. It is the attack the
// reconstruction test (server/coverage_disclosure_test.go) makes from outside.
func (p *discPlan) bounds() (lo, hi []int) {
	lo, hi = make([]int, len(p.items)), make([]int, len(p.items))
	for i, it := range p.items {
		lo[i], hi[i] = it.d.floor(it.n), it.n
		switch it.d {
		case HiddenSmall:
			hi[i] = SmallNumber - 1
		case HiddenProtect:
			hi[i] = disclosureUnbounded
		}
	}
	tighten := func(i, l, h int) bool {
		changed := false
		if l > lo[i] {
			lo[i], changed = l, true
		}
		if h < hi[i] {
			hi[i], changed = h, true
		}
		return changed
	}
	for round := 0; round < 100; round++ {
		changed := false
		for _, s := range p.sums {
			sl, sh := 0, 0
			for _, q := range s.parts {
				sl, sh = sl+lo[q], sh+hi[q] // at most a few thousand unbounded: no overflow
			}
			changed = tighten(s.sum, sl, sh) || changed
			for _, q := range s.parts {
				changed = tighten(q, lo[s.sum]-(sh-hi[q]), hi[s.sum]-(sl-lo[q])) || changed
			}
		}
		for _, ab := range p.atMost {
			changed = tighten(ab[0], lo[ab[0]], hi[ab[1]]) || changed
			changed = tighten(ab[1], lo[ab[0]], hi[ab[1]]) || changed
		}
		if !changed {
			break
		}
	}
	return lo, hi
}

// protect hides more counts until no hidden one can be worked out from the rest: each
// time a hidden count's interval closes to one value (or to none, when the relations
// a reader assumes do not hold), the smallest shown count of 5 or more in a relation
// with it is hidden too.
func (p *discPlan) protect() {
	for round := 0; round < maxSecondaryRounds; round++ {
		lo, hi := p.bounds()
		exposed := -1
		for i, it := range p.items {
			if it.d.Hidden() && lo[i] >= hi[i] {
				exposed = i
				break
			}
		}
		if exposed < 0 {
			return
		}
		pick := p.secondaryFor(exposed)
		if pick < 0 {
			return // nothing shown is left to hide around it
		}
		p.items[pick].d = HiddenProtect
	}
}

// secondaryFor chooses the count to hide beside an exposed one. It looks through the
// relations the exposed count is in, then on through the hidden counts in those (where
// the determination may have come from), for the shown count of at least 5 that costs
// least: one above 5 before a 5 (a hidden 5 is the least a reader knows it can be, so
// it adds no doubt), then the nearest, then the smallest; where a relation prefers its
// sum hidden, its sum first. If none is related at all, the least anywhere.
func (p *discPlan) secondaryFor(exposed int) int {
	type cand struct{ i, dist int }
	var best *cand
	better := func(c cand) bool {
		a, b := p.items[c.i].n, p.items[best.i].n
		if (a > secondaryMinimumSize) != (b > secondaryMinimumSize) {
			return a > secondaryMinimumSize
		}
		if c.dist != best.dist {
			return c.dist < best.dist
		}
		return a < b
	}
	consider := func(i, dist int) {
		it := p.items[i]
		if it.d.Hidden() || it.n < secondaryMinimumSize {
			return
		}
		if c := (cand{i, dist}); best == nil || better(c) {
			best = &c
		}
	}
	members := func(k int) []int {
		if k < len(p.sums) {
			return append([]int{p.sums[k].sum}, p.sums[k].parts...)
		}
		ab := p.atMost[k-len(p.sums)]
		return ab[:]
	}
	seen, frontier := map[int]bool{exposed: true}, []int{exposed}
	for dist := 0; len(frontier) > 0 && dist < 6; dist++ {
		var next []int
		for k := 0; k < len(p.sums)+len(p.atMost); k++ {
			ms := members(k)
			if !slices.ContainsFunc(ms, func(i int) bool { return slices.Contains(frontier, i) }) {
				continue
			}
			if k < len(p.sums) && p.sums[k].preferSum && dist == 0 {
				if s := p.sums[k].sum; !seen[s] && !p.items[s].d.Hidden() && p.items[s].n >= secondaryMinimumSize {
					return s
				}
			}
			for _, i := range ms {
				consider(i, dist)
				if p.items[i].d.Hidden() && !seen[i] {
					seen[i] = true
					next = append(next, i)
				}
			}
		}
		frontier = next
	}
	if best == nil {
		for i := range p.items {
			consider(i, 0)
		}
	}
	if best == nil {
		return -1
	}
	return best.i
}

// disclosures is how every count of every category's table is shown, for one period.
type disclosures struct {
	cells     map[string]map[cellKey]map[string]Disclosure // category -> cell -> key
	totals    map[string]map[string]Disclosure             // category -> stage
	headcount Disclosure
}

// disclose decides how each count is shown, over the tables of all categories and of
// each one at once (so the page's category filter cannot be used to undo it): the
// headcounts (one per cell, whatever the category), and per category each stage of each
// cell with its verified and self-declared parts, and the totals. The relations a reader
// can use, where they hold: each stage's total is the sum of its cells, the headcount's
// the sum of the headcounts, a cell's contributions its verified plus its self-declared
// ones, a cell (or total) of all categories the sum of the categories'; attended people
// are booked ones, and with no period (noPeriod) every answered person contributed.
//
// The plan is built in one fixed order, whatever the page asks for, so every filter of
// the same period hides the same counts.
func disclose(heads map[cellKey]int, counts *coverageCounts, orgs map[uint]string, noPeriod bool) *disclosures {
	p := &discPlan{}
	keys := buildCells(heads, nil, orgs) // every cell with a headcount, then any counted
	seen := map[cellKey]bool{}
	for _, c := range keys {
		seen[cellKey{c.OrganisationID, c.StaffGroup}] = true
	}
	slots := countSlots("")
	for _, slot := range slots {
		for _, c := range buildCells(nil, counts.cells[slot], orgs) {
			if k := (cellKey{c.OrganisationID, c.StaffGroup}); !seen[k] {
				seen[k] = true
				keys = append(keys, CoverageCell{OrganisationID: k.org, StaffGroup: k.group})
			}
		}
	}
	headIdx, heads0 := map[cellKey]int{}, []int{}
	for _, c := range keys {
		k := cellKey{c.OrganisationID, c.StaffGroup}
		headIdx[k] = p.add(heads[k])
		heads0 = append(heads0, headIdx[k])
	}
	total := 0
	for _, h := range heads {
		total += h
	}
	headTotal := p.add(total)
	p.addSum(headTotal, heads0, true)
	idx := map[string]map[cellKey]map[string]int{} // slot -> cell -> key -> item
	totalIdx := map[string]map[string]int{}
	for _, slot := range slots {
		idx[slot], totalIdx[slot] = map[cellKey]map[string]int{}, map[string]int{}
		byStage := map[string][]int{}
		for _, c := range keys {
			k := cellKey{c.OrganisationID, c.StaffGroup}
			n := counts.cells[slot][k]
			m := map[string]int{}
			for _, st := range CoverageStages {
				m[st] = p.add(n[st])
				byStage[st] = append(byStage[st], m[st])
			}
			for _, st := range verifiedStages {
				v := n[st+VerifiedSuffix]
				m[st+VerifiedSuffix] = p.add(v)
				m[st+SelfDeclaredSuffix] = p.add(n[st] - v)
				p.addSum(m[st], []int{m[st+VerifiedSuffix], m[st+SelfDeclaredSuffix]}, false)
			}
			p.atMost = append(p.atMost, [2]int{m[StageAttended], m[StageBooked]})
			if noPeriod {
				for _, sfx := range []string{"", VerifiedSuffix} {
					p.atMost = append(p.atMost, [2]int{m[StageAnswered+sfx], m[StageContributed+sfx]})
				}
			}
			idx[slot][k] = m
		}
		for _, st := range CoverageStages {
			totalIdx[slot][st] = p.add(counts.totals[slot][st])
			p.addSum(totalIdx[slot][st], byStage[st], false)
		}
		p.atMost = append(p.atMost, [2]int{totalIdx[slot][StageAttended], totalIdx[slot][StageBooked]})
	}
	for _, c := range keys { // all categories = the sum of the categories, where it is so
		k := cellKey{c.OrganisationID, c.StaffGroup}
		for key, all := range idx[""][k] {
			var parts []int
			for _, slot := range slots[1:] {
				parts = append(parts, idx[slot][k][key])
			}
			p.addSum(all, parts, false)
		}
	}
	for _, st := range CoverageStages {
		var parts []int
		for _, slot := range slots[1:] {
			parts = append(parts, totalIdx[slot][st])
		}
		p.addSum(totalIdx[""][st], parts, false)
	}
	p.protect()
	d := &disclosures{cells: map[string]map[cellKey]map[string]Disclosure{}, totals: map[string]map[string]Disclosure{},
		headcount: p.items[headTotal].d}
	for _, slot := range slots {
		d.cells[slot], d.totals[slot] = map[cellKey]map[string]Disclosure{}, map[string]Disclosure{}
		for _, c := range keys {
			k := cellKey{c.OrganisationID, c.StaffGroup}
			m := map[string]Disclosure{HeadcountKey: p.items[headIdx[k]].d}
			for key, i := range idx[slot][k] {
				m[key] = p.items[i].d
			}
			d.cells[slot][k] = m
		}
		for st, i := range totalIdx[slot] {
			d.totals[slot][st] = p.items[i].d
		}
	}
	return d
}

// apply sets the page's report to show its counts as decided.
func (d *disclosures) apply(r *CoverageReport) {
	r.HeadcountHide, r.TotalsHide = d.headcount, d.totals[r.Filter.Category]
	for i := range r.Cells {
		c := &r.Cells[i]
		c.Hide = d.cells[r.Filter.Category][cellKey{c.OrganisationID, c.StaffGroup}]
	}
}
