package privacy

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Column is one column of a table as the database's catalog describes it.
type Column struct {
	Name string
	Type string // as declared (SQLite) or information_schema's data_type (PostgreSQL), lower case
}

// Text reports whether the column holds text that could carry a person's details: TEXT, VARCHAR, CHAR,
// CLOB and JSON columns, and SQLite columns declared without a type.
func (c Column) Text() bool {
	t := c.Type
	return t == "" || strings.Contains(t, "text") || strings.Contains(t, "char") || strings.Contains(t, "clob") || strings.Contains(t, "json")
}

// Table is a table of the application's schema with its columns in order.
type Table struct {
	Name    string
	Columns []Column
}

// TextColumns are the table's text columns.
func (t Table) TextColumns() []Column {
	var out []Column
	for _, c := range t.Columns {
		if c.Text() {
			out = append(out, c)
		}
	}
	return out
}

// Has reports whether the table has a column called name.
func (t Table) Has(name string) bool {
	for _, c := range t.Columns {
		if c.Name == name {
			return true
		}
	}
	return false
}

// Catalog lists every table of the application's schema (SQLite's sqlite_master, PostgreSQL's
// information_schema for the current schema), so that a table added later is searched and scrubbed
// without anyone remembering to list it here.
func Catalog(ctx context.Context, db *gorm.DB) ([]Table, error) {
	db = db.WithContext(ctx)
	if db.Dialector.Name() == "postgres" {
		return postgresCatalog(db)
	}
	return sqliteCatalog(db)
}

func postgresCatalog(db *gorm.DB) ([]Table, error) {
	rows, err := db.Raw(`SELECT c.table_name, c.column_name, c.data_type
FROM information_schema.columns c
JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
ORDER BY c.table_name, c.ordinal_position`).Rows()
	if err != nil {
		return nil, fmt.Errorf("privacy: read the catalog: %w", err)
	}
	defer rows.Close()
	var out []Table
	for rows.Next() {
		var table, col, typ string
		if err := rows.Scan(&table, &col, &typ); err != nil {
			return nil, fmt.Errorf("privacy: read the catalog: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].Name != table {
			out = append(out, Table{Name: table})
		}
		out[len(out)-1].Columns = append(out[len(out)-1].Columns, Column{Name: col, Type: strings.ToLower(typ)})
	}
	return out, rows.Err()
}

func sqliteCatalog(db *gorm.DB) ([]Table, error) {
	var names []string
	if err := db.Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).Scan(&names).Error; err != nil {
		return nil, fmt.Errorf("privacy: read the catalog: %w", err)
	}
	out := make([]Table, 0, len(names))
	for _, name := range names {
		var cols []struct {
			Name string
			Type string
		}
		if err := db.Raw(`SELECT name, type FROM pragma_table_info(?) ORDER BY cid`, name).Scan(&cols).Error; err != nil {
			return nil, fmt.Errorf("privacy: read the columns of %s: %w", name, err)
		}
		t := Table{Name: name}
		for _, c := range cols {
			t.Columns = append(t.Columns, Column{Name: c.Name, Type: strings.ToLower(c.Type)})
		}
		out = append(out, t)
	}
	return out, nil
}

// quote quotes an identifier taken from the catalog.
func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// containsAny is a condition matching rows where any of cols contains any of the needles, ignoring
// case; needles are lower case. It answers the SQL and its arguments.
func containsAny(cols []Column, needles []string) (string, []any) {
	var conds []string
	var args []any
	for _, c := range cols {
		for _, n := range needles {
			conds = append(conds, "LOWER(CAST("+quote(c.Name)+" AS TEXT)) LIKE ? ESCAPE '\\'")
			args = append(args, "%"+likeEscaper.Replace(n)+"%")
		}
	}
	return strings.Join(conds, " OR "), args
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
