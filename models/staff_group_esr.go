package models

import (
	"strings"
	"unicode"
)

// esrStaffGroupAliases are the other spellings of the ESR staff groups that staff lists
// carry. ESR's own field is 30 characters, so its reports write the short labels
// StaffGroups holds ("Add Prof Scientific and Technic"); NHS workforce statistics and many
// trusts' exports write the long ones, and "&" for "and".
var esrStaffGroupAliases = map[string]string{
	"Additional Professional Scientific and Technical": "Add Prof Scientific and Technic",
	"Add Prof Scientific and Technical":                "Add Prof Scientific and Technic",
	"Additional Prof Scientific and Technical":         "Add Prof Scientific and Technic",
	"Additional Clinical Services":                     "Additional Clinical Services",
	"Add Clinical Services":                            "Additional Clinical Services",
	"Admin and Clerical":                               "Administrative and Clerical",
	"Allied Health Professions":                        "Allied Health Professionals",
	"Allied Health Professional":                       "Allied Health Professionals",
	"Estates and Ancilliary":                           "Estates and Ancillary",
	"Healthcare Scientist":                             "Healthcare Scientists",
	"Healthcare Science":                               "Healthcare Scientists",
	"Medical and Dental Staff":                         "Medical and Dental",
	"Nursing and Midwifery Registered Staff":           "Nursing and Midwifery Registered",
	"Registered Nursing and Midwifery":                 "Nursing and Midwifery Registered",
	"Nursing Midwifery Registered":                     "Nursing and Midwifery Registered",
	"Student":                                          "Students",
}

// staffGroupKey folds a label for matching: lower-case, "&" read as "and", and every run
// of spaces or punctuation as one space, so "Nursing  &  Midwifery Registered" and
// "nursing and midwifery registered" are one.
func staffGroupKey(s string) string {
	s = strings.ReplaceAll(strings.ToLower(s), "&", " and ")
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(words, " ")
}
