package privacy

import (
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// Rows are rows of one table read generically: every column, in the table's order.
type Rows struct {
	Table   string
	Columns []string
	Values  [][]any
}

// withheld replaces credentials in an export: they are not about the person and would let whoever
// reads the file act as them.
const withheld = "(withheld: a credential)"

// secret reports whether a column holds a credential rather than information about someone.
func secret(table, column string) bool {
	switch column {
	case "password_hash", "token_hash", "token", "unsubscribe_token":
		return true
	}
	return table == "sessions" && (column == "key" || column == "data")
}

// readRows reads the rows of table matching where (with args), converting values to what JSON and a
// spreadsheet can show: text as text, times in UTC, credentials withheld.
func readRows(db *gorm.DB, table, where string, args []any) (*Rows, error) {
	rows, err := db.Raw("SELECT * FROM "+quote(table)+" WHERE "+where, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("privacy: read %s: %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("privacy: read %s: %w", table, err)
	}
	out := &Rows{Table: table, Columns: cols}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("privacy: read %s: %w", table, err)
		}
		for i, v := range vals {
			if secret(table, cols[i]) && v != nil {
				vals[i] = withheld
				continue
			}
			vals[i] = plainValue(v)
		}
		out.Values = append(out.Values, vals)
	}
	return out, rows.Err()
}

func plainValue(v any) any {
	switch x := v.(type) {
	case []byte:
		if utf8.Valid(x) {
			return string(x)
		}
		return fmt.Sprintf("(binary, %d bytes)", len(x))
	case time.Time:
		return x.UTC()
	}
	return v
}

// add appends the rows of more not already present (rows are compared by their JSON).
func (r *Rows) add(more *Rows) {
	seen := map[string]bool{}
	for _, v := range r.Values {
		seen[rowKey(v)] = true
	}
	for _, v := range more.Values {
		if k := rowKey(v); !seen[k] {
			seen[k] = true
			r.Values = append(r.Values, v)
		}
	}
}

func rowKey(v []any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Maps returns the rows as objects keyed by column name.
func (r *Rows) Maps() []map[string]any {
	out := make([]map[string]any, 0, len(r.Values))
	for _, v := range r.Values {
		m := make(map[string]any, len(v))
		for i, c := range r.Columns {
			m[c] = v[i]
		}
		out = append(out, m)
	}
	return out
}
