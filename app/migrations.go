package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/notify"
)

// migration is one versioned step of the schema's history. SQL is shared by both databases, written
// with a few placeholders for the types that differ ({{pk}}, {{ts}}, {{blob}}, {{id}}); Postgres holds
// what only PostgreSQL can express (exclusion constraints), SQLite what SQLite must do its own way (a
// changed CHECK constraint means rebuilding the table). Never edit a step that has shipped: add one.
type migration struct {
	Version  int
	Name     string
	SQL      string
	Postgres string
	SQLite   string // what only SQLite needs (rebuilding a table to change a CHECK constraint)
}

var dialectTypes = map[string]*strings.Replacer{
	"postgres": strings.NewReplacer("{{pk}}", "BIGSERIAL PRIMARY KEY", "{{ts}}", "TIMESTAMPTZ", "{{blob}}", "BYTEA", "{{id}}", "BIGINT"),
	"sqlite":   strings.NewReplacer("{{pk}}", "INTEGER PRIMARY KEY AUTOINCREMENT", "{{ts}}", "DATETIME", "{{blob}}", "BLOB", "{{id}}", "INTEGER"),
}

// Migrate brings the schema up to date, each step in its own transaction, recording it in
// schema_migrations. It is safe to run at every start and from several instances: PostgreSQL takes an
// advisory lock, SQLite's immediate transactions queue.
func Migrate(ctx context.Context, db *gorm.DB) (applied int, err error) {
	dialect := db.Dialector.Name()
	types, ok := dialectTypes[dialect]
	if !ok {
		return 0, fmt.Errorf("migrate: unsupported database %q", dialect)
	}
	db = db.WithContext(ctx)
	if err := db.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at ` + types.Replace("{{ts}}") + ` NOT NULL)`).Error; err != nil {
		return 0, fmt.Errorf("migrate: create schema_migrations: %w", err)
	}
	for _, m := range migrations {
		err := db.Transaction(func(tx *gorm.DB) error {
			if dialect == "postgres" {
				if err := tx.Exec(`SELECT pg_advisory_xact_lock(7263514)`).Error; err != nil {
					return err
				}
			}
			var n int64
			if err := tx.Raw(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			script := types.Replace(m.SQL)
			switch dialect {
			case "postgres":
				script += "\n" + m.Postgres
			case "sqlite":
				script += "\n" + types.Replace(m.SQLite)
			}
			for _, stmt := range splitStatements(script) {
				if err := tx.Exec(stmt).Error; err != nil {
					return fmt.Errorf("%w\nin: %s", err, stmt)
				}
			}
			applied++
			return tx.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, m.Version, m.Name, time.Now().UTC()).Error
		})
		if err != nil {
			return applied, fmt.Errorf("migrate: step %d (%s): %w", m.Version, m.Name, err)
		}
	}
	// River's job tables live in the same database and are migrated with ours, by River's own steps.
	n, err := notify.MigrateQueue(ctx, db)
	if err == nil {
		models.EnableRevisions(db)
	}
	return applied + n, err
}

// splitStatements splits a script on semicolons that end a line, dropping parts that hold only
// comments; our scripts hold no procedural code.
func splitStatements(script string) []string {
	var out []string
	for _, part := range strings.Split(script+"\n", ";\n") {
		var lines []string
		for _, line := range strings.Split(part, "\n") {
			if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "--") {
				lines = append(lines, line)
			}
		}
		if s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.Join(lines, "\n")), ";")); s != "" {
			out = append(out, s)
		}
	}
	return out
}
