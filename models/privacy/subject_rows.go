package privacy

import (
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// queryArea runs one area's SELECT and keeps its rows as text, the way the page, the
// JSON and the CSV show them. The first column is the row's id.
func queryArea(tx *gorm.DB, a *Area, sql string, args ...any) error {
	rows, err := tx.Raw(sql, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	if a.Columns, err = rows.Columns(); err != nil {
		return err
	}
	a.Rows = [][]string{}
	for rows.Next() {
		vals := make([]any, len(a.Columns))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		row := make([]string, len(vals))
		for i, v := range vals {
			row[i] = cellText(v)
		}
		if id, err := strconv.ParseUint(row[0], 10, 64); err == nil {
			a.ids = append(a.ids, id)
		}
		a.Rows = append(a.Rows, row)
	}
	a.Count = len(a.Rows)
	return rows.Err()
}

// cellText writes one value as text: times in UTC (RFC 3339), booleans as yes or no.
func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		return string(x)
	case string:
		return x
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case bool:
		if x {
			return "yes"
		}
		return "no"
	default:
		return fmt.Sprint(x)
	}
}

// likeAny is a LIKE pattern matching text that contains s anywhere.
func likeAny(s string) string { return "%" + models.EscapeLike(s) + "%" }

// orNone stands in for an empty list in "IN ?", which would be invalid SQL.
func orNone[T any](list []T, none T) []T {
	if len(list) == 0 {
		return []T{none}
	}
	return list
}
