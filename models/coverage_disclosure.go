package models

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

// secondaryFor chooses the count to hide beside an exposed one: in the relations it is
// in, the shown count of at least 5 that costs least (the smallest above 5, since a
// hidden 5 is at the least a reader knows it can be and so protects nothing; a sum first
// where the relation prefers it), then anywhere.
func (p *discPlan) secondaryFor(exposed int) int {
	less := func(a, b int) bool {
		if (a > secondaryMinimumSize) != (b > secondaryMinimumSize) {
			return a > secondaryMinimumSize
		}
		return a < b
	}
	best := -1
	consider := func(i int) {
		it := p.items[i]
		if it.d.Hidden() || it.n < secondaryMinimumSize || i == exposed {
			return
		}
		if best < 0 || less(it.n, p.items[best].n) {
			best = i
		}
	}
	for _, s := range p.sums {
		if s.sum != exposed && !slices.Contains(s.parts, exposed) {
			continue
		}
		if s.preferSum && !p.items[s.sum].d.Hidden() && p.items[s.sum].n >= secondaryMinimumSize && s.sum != exposed {
			return s.sum
		}
		consider(s.sum)
		for _, q := range s.parts {
			consider(q)
		}
	}
	for _, ab := range p.atMost {
		if ab[0] == exposed || ab[1] == exposed {
			consider(ab[0])
			consider(ab[1])
		}
	}
	if best < 0 {
		for i := range p.items {
			consider(i)
		}
	}
	return best
}

// protectSmallNumbers decides how each count of the report is shown: headcounts, each
// stage of each cell with its verified and self-declared parts, the totals. The relations
// a reader can use: each stage's total is the sum of its cells, the total headcount the
// sum of the headcounts, a cell's contributions its verified plus its self-declared ones,
// attended people are booked ones, and with no period every answered person contributed.
func (r *CoverageReport) protectSmallNumbers() {
	p := &discPlan{}
	type ref struct {
		cell int
		key  string
	}
	var refs []ref
	add := func(cell int, key string, n int) int {
		refs = append(refs, ref{cell, key})
		return p.add(n)
	}
	heads := make([]int, len(r.Cells))
	byStage := map[string][]int{}
	idx := make([]map[string]int, len(r.Cells))
	for i := range r.Cells {
		c := &r.Cells[i]
		idx[i] = map[string]int{HeadcountKey: add(i, HeadcountKey, c.Headcount)}
		heads[i] = idx[i][HeadcountKey]
		for _, st := range CoverageStages {
			idx[i][st] = add(i, st, c.Counts[st])
			byStage[st] = append(byStage[st], idx[i][st])
		}
		for _, st := range verifiedStages {
			v := c.Counts[st+VerifiedSuffix]
			vi, si := add(i, st+VerifiedSuffix, v), add(i, st+SelfDeclaredSuffix, c.Counts[st]-v)
			p.addSum(idx[i][st], []int{vi, si}, false)
			idx[i][st+VerifiedSuffix] = vi
		}
		p.atMost = append(p.atMost, [2]int{idx[i][StageAttended], idx[i][StageBooked]})
		if r.Filter.From == nil && r.Filter.To == nil {
			for _, sfx := range []string{"", VerifiedSuffix} {
				p.atMost = append(p.atMost, [2]int{idx[i][StageAnswered+sfx], idx[i][StageContributed+sfx]})
			}
		}
	}
	p.addSum(add(-1, HeadcountKey, r.Headcount), heads, true)
	totals := map[string]int{}
	for _, st := range CoverageStages {
		totals[st] = add(-1, st, r.Totals[st])
		p.addSum(totals[st], byStage[st], false)
	}
	p.atMost = append(p.atMost, [2]int{totals[StageAttended], totals[StageBooked]})
	p.protect()
	r.TotalsHide = map[string]Disclosure{}
	for i, rf := range refs {
		d := p.items[i].d
		switch {
		case rf.cell >= 0:
			c := &r.Cells[rf.cell]
			if c.Hide == nil {
				c.Hide = map[string]Disclosure{}
			}
			c.Hide[rf.key] = d
		case rf.key == HeadcountKey:
			r.HeadcountHide = d
		default:
			r.TotalsHide[rf.key] = d
		}
	}
}
