package models

import "testing"

// TestWritesClassifiesStatements: what raises the data revision and what does not.
func TestWritesClassifiesStatements(t *testing.T) {
	for q, want := range map[string]bool{
		`SELECT * FROM meetings`:                         false,
		`  select n FROM data_revisions`:                 false,
		`SELECT * FROM missions WHERE id = 1 FOR UPDATE`: false,
		`-- ping`:                              false,
		`SAVEPOINT sp1`:                        false,
		`WITH x AS (SELECT 1) SELECT * FROM x`: false,
		`INSERT INTO "sessions" ("key") VALUES ($1)`:                                                              false,
		"INSERT INTO `sessions` (`key`) VALUES (?)":                                                               false,
		`UPDATE "sessions" SET "last_seen_at"=$1`:                                                                 false,
		`DELETE FROM sessions WHERE key = ?`:                                                                      false,
		`INSERT INTO "meetings" ("mission_id") VALUES ($1)`:                                                       true,
		`UPDATE registrations SET status = 'approved'`:                                                            true,
		`DELETE FROM "sessions_archive"`:                                                                          true,
		`WITH gone AS (DELETE FROM meetings RETURNING id) SELECT 1`:                                               true,
		`UPDATE "api_tokens" SET "last_used_at"=$1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)`: false,
		`UPDATE "api_tokens" SET "revoked_at"=$1 WHERE id = $2`:                                                   true,
		`UPDATE "api_tokens" SET "last_used_at"=$1,"name"=$2 WHERE id = $3`:                                       true,
		`CREATE TABLE t (id INTEGER)`:                                                                             true,
	} {
		if got := writes(q); got != want {
			t.Errorf("writes(%q) = %v, want %v", q, got, want)
		}
	}
}
