package people

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/confer-nhs/confer/models"
)

// OrgIndex finds an organisation from what a staff list writes in its organisation
// column: the ODS code or the name, in any case and with any punctuation ("St. Mary's
// NHS Trust" is "ST MARYS NHS TRUST"), so an ESR export naming the organisation imports
// as well as a file of codes.
type OrgIndex struct {
	byKey map[string]OrgRef
	all   []OrgRef // by name, for the message listing them
}

// OrgRef is one organisation as an import reports it.
type OrgRef struct {
	ID   uint
	Code string
	Name string
}

// NewOrgIndex indexes orgs by code and by name. A name shared by two organisations, or
// equal to another's code, is left out: only its code finds either of them.
func NewOrgIndex(orgs []OrgRef) *OrgIndex {
	ix := &OrgIndex{byKey: map[string]OrgRef{}, all: append([]OrgRef(nil), orgs...)}
	sort.Slice(ix.all, func(i, j int) bool { return ix.all[i].Name < ix.all[j].Name })
	named := map[string]int{}
	for _, o := range orgs {
		named[orgKey(o.Name)]++
	}
	for _, o := range orgs {
		if k := orgKey(o.Name); named[k] == 1 {
			ix.byKey[k] = o
		}
	}
	for _, o := range orgs { // codes win over a name that happens to spell another's code
		ix.byKey[orgKey(o.Code)] = o
	}
	return ix
}

// orgKey folds a code or name: letters and digits only, lower-case, "&" read as "and".
func orgKey(s string) string {
	s = strings.ReplaceAll(s, "&", "and")
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// Find returns the organisation a cell names, by code or by name.
func (ix *OrgIndex) Find(cell string) (OrgRef, bool) {
	o, ok := ix.byKey[orgKey(cell)]
	return o, ok && orgKey(cell) != ""
}

// maxOrgsListed bounds the organisations an unknown-organisation reason lists, so a
// region's fifty trusts do not make every refused line a page long.
const maxOrgsListed = 12

// unknownReason says a cell names no organisation, and which organisations there are.
func (ix *OrgIndex) unknownReason(cell string) string {
	if len(ix.all) == 0 {
		return fmt.Sprintf("%q is not an organisation in Confer, which has no organisations yet: an admin adds them under Organisations", cell)
	}
	names := make([]string, 0, min(len(ix.all), maxOrgsListed))
	for _, o := range ix.all[:min(len(ix.all), maxOrgsListed)] {
		names = append(names, fmt.Sprintf("%s (%s)", o.Name, o.Code))
	}
	more := ""
	if n := len(ix.all) - maxOrgsListed; n > 0 {
		more = fmt.Sprintf(" and %d more (see Organisations)", n)
	}
	return fmt.Sprintf("%q is not an organisation in Confer by code or name; the organisations are: %s%s",
		cell, strings.Join(names, "; "), more)
}

// organisationIndex reads every organisation into an OrgIndex.
func (s *Store) organisationIndex(ctx context.Context) (*OrgIndex, error) {
	var orgs []models.Organisation
	if err := s.DB.WithContext(ctx).Select("id", "code", "name").Find(&orgs).Error; err != nil {
		return nil, err
	}
	refs := make([]OrgRef, len(orgs))
	for i, o := range orgs {
		refs[i] = OrgRef{ID: o.ID, Code: o.Code, Name: o.Name}
	}
	return NewOrgIndex(refs), nil
}
