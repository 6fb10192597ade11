package privacy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/models"
)

// Erasure is what erasing a person did, by table: rows anonymised, removed or revoked, and text
// scrubbed. Found is false when no record held the address (nothing was changed).
type Erasure struct {
	Found   bool
	Changes map[string]int
}

// personalKeys are the keys of the audit log's copies of a person's records (user, delegate, contact,
// travel segment, firm contact fields) whose values erasure replaces.
var personalKeys = []string{
	"email", "name", "full_name", "job_title", "phone", "dietary_requirements", "access_needs", "notes",
	"contact_name", "contact_email", "contact_phone",
	"carrier", "number", "from", "to", "departs_at", "arrives_at", "travel_segments",
	"recorded_by", // the recorder's name on the copies of the outcomes they recorded (MeetingOutcome's JSON)
}

// identityColumns hold the name of whoever a row is about. Another person with the same name is someone
// else, so erasure leaves these columns to the email match (and anonymises the person's own rows by id).
var identityColumns = map[string]bool{
	"users.name": true, "delegates.full_name": true, "contacts.full_name": true, "firms.contact_name": true,
}

// EmailFingerprint is how the erasure record names the person without keeping their address: an admin
// asked again can compare the SHA-256 of the address as typed, trimmed and in lower case.
func EmailFingerprint(email string) string {
	sum := sha256.Sum256([]byte(NormaliseEmail(email)))
	return hex.EncodeToString(sum[:])
}

// Erase anonymises the person with this address everywhere, in one transaction: their accounts are
// disabled and renamed, their sessions, API tokens, invitations and calendar feeds revoked, their
// delegate records renamed "A delegate of <firm>" and emptied (flights removed), their contact record
// renamed and archived, a firm's contact fields that were theirs emptied, the audit log's copies of
// their records scrubbed, and their address and full name replaced wherever else they appear in text.
// Meetings, registrations and delegate rows stay, so the mission's figures do not change. It cannot be
// undone; the audit log records that it happened, without the address.
func (s *Service) Erase(ctx context.Context, actor *models.User, email string, now time.Time) (*Erasure, error) {
	now = now.UTC()
	out := &Erasure{Changes: map[string]int{}}
	err := s.store.WithTx(ctx, func(tx *models.Store) error {
		db := tx.DB(ctx)
		subj, err := findSubject(ctx, db, email)
		if err != nil {
			return err
		}
		if !subj.Found() {
			return nil
		}
		out.Found = true
		tables, err := Catalog(ctx, db)
		if err != nil {
			return err
		}
		steps := []func(*gorm.DB, *Subject, time.Time, map[string]int) error{
			scrubAuditCopies, eraseUsers, eraseDelegates, eraseContacts, eraseFirmContacts,
			func(db *gorm.DB, subj *Subject, now time.Time, changes map[string]int) error {
				return eraseFromLaterTables(db, tables, subj, now, changes)
			},
		}
		for _, step := range steps {
			if err := step(db, subj, now, out.Changes); err != nil {
				return err
			}
		}
		if err := sweepText(db, tables, subj, out.Changes); err != nil {
			return err
		}
		if err := scrubSessions(db, subj, out.Changes); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, "erase", "person", 0, nil, nil, map[string]any{
			"email_sha256": EmailFingerprint(subj.Email), "changes": out.Changes,
		})
	})
	if err != nil {
		return nil, fmt.Errorf("privacy: erase: %w", err)
	}
	return out, nil
}

func count(changes map[string]int, table string, res *gorm.DB) error {
	if res.Error != nil {
		return fmt.Errorf("%s: %w", table, res.Error)
	}
	changes[table] += int(res.RowsAffected)
	return nil
}

// scrubAuditCopies replaces the personal values in the audit log's before/after copies of the person's
// records, and the actor's address on what they did. The events themselves stay.
func scrubAuditCopies(db *gorm.DB, subj *Subject, _ time.Time, changes map[string]int) error {
	where, args := auditCond(subj)
	if where == "" {
		return nil
	}
	var events []models.AuditEvent
	if err := db.Where(where, args...).Find(&events).Error; err != nil {
		return fmt.Errorf("audit events: %w", err)
	}
	own := map[string]map[uint]bool{}
	for e, ids := range auditEntities(subj) {
		own[e] = map[uint]bool{}
		for _, id := range ids {
			own[e][id] = true
		}
	}
	withKeys := newScrubber(subj.needles(), personalKeys...)
	byThem := newScrubber(subj.needles(), "recorded_by") // an outcome they recorded names them
	textOnly := newScrubber(subj.needles())
	for _, ev := range events {
		sc := textOnly
		switch {
		case own[ev.Entity][ev.EntityID]:
			sc = withKeys
		case ev.UserID != nil && containsUint(subj.UserIDs, *ev.UserID):
			sc = byThem
		}
		before, c1 := sc.text(ev.Before)
		after, c2 := sc.text(ev.After)
		updates := map[string]any{}
		if c1 {
			updates["before"] = before
		}
		if c2 {
			updates["after"] = after
		}
		if ev.UserID != nil && containsUint(subj.UserIDs, *ev.UserID) {
			updates["actor"] = erasedUserName
		}
		if len(updates) == 0 {
			continue
		}
		if err := count(changes, "audit_events", db.Model(&models.AuditEvent{}).Where("id = ?", ev.ID).UpdateColumns(updates)); err != nil {
			return err
		}
	}
	return nil
}

func containsUint(ids []uint, id uint) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

// eraseUsers disables and renames the person's accounts and revokes their API tokens and sessions.
func eraseUsers(db *gorm.DB, subj *Subject, now time.Time, changes map[string]int) error {
	for _, id := range subj.UserIDs {
		res := db.Table("users").Where("id = ?", id).UpdateColumns(map[string]any{
			"email": ErasedEmail("user", id), "name": erasedUserName, "password_hash": "", "disabled": true,
			"failed_logins": 0, "failed_since": nil, "locked_until": nil, "updated_at": now,
		})
		if err := count(changes, "users", res); err != nil {
			return err
		}
	}
	if len(subj.UserIDs) > 0 {
		if err := count(changes, "api_tokens", db.Exec("DELETE FROM api_tokens WHERE user_id IN ?", subj.UserIDs)); err != nil {
			return err
		}
	}
	if len(subj.SessionKeys) > 0 {
		if err := count(changes, "sessions", db.Exec(`DELETE FROM sessions WHERE "key" IN ?`, subj.SessionKeys)); err != nil {
			return err
		}
	}
	return nil
}

// eraseDelegates renames and empties the person's delegate records, keeping them (and the meetings they
// attended) so that the mission's figures stand; their flights and invitations go, their feeds are
// revoked.
func eraseDelegates(db *gorm.DB, subj *Subject, now time.Time, changes map[string]int) error {
	if len(subj.DelegateIDs) == 0 {
		return nil
	}
	var firms []struct {
		ID          uint
		CompanyName string
	}
	err := db.Raw(`SELECT d.id, f.company_name FROM delegates d
JOIN registrations r ON r.id = d.registration_id JOIN firms f ON f.id = r.firm_id WHERE d.id IN ?`, subj.DelegateIDs).Scan(&firms).Error
	if err != nil {
		return fmt.Errorf("delegates' firms: %w", err)
	}
	for _, d := range firms {
		res := db.Table("delegates").Where("id = ?", d.ID).UpdateColumns(map[string]any{
			"full_name": erasedDelegateName + d.CompanyName, "job_title": "", "email": ErasedEmail("delegate", d.ID),
			"phone": "", "dietary_requirements": "", "access_needs": "", "updated_at": now,
		})
		if res.Error == nil {
			res = db.Table("delegates").Where("id = ?", d.ID).UpdateColumns(readinessColumns)
		}
		if err := count(changes, "delegates", res); err != nil {
			return err
		}
	}
	if err := count(changes, "travel_segments", db.Exec("DELETE FROM travel_segments WHERE delegate_id IN ?", subj.DelegateIDs)); err != nil {
		return err
	}
	if err := count(changes, "hotel_bookings", db.Exec("DELETE FROM hotel_bookings WHERE delegate_id IN ?", subj.DelegateIDs)); err != nil {
		return err
	}
	if err := count(changes, "invitations", db.Exec("DELETE FROM invitations WHERE delegate_id IN ?", subj.DelegateIDs)); err != nil {
		return err
	}
	return count(changes, "calendar_feeds", db.Exec("UPDATE calendar_feeds SET revoked_at = ? WHERE delegate_id IN ? AND revoked_at IS NULL", now, subj.DelegateIDs))
}

// eraseContacts renames and empties the person's contact records and archives them; the organisation,
// its address and the meetings held with it stay.
func eraseContacts(db *gorm.DB, subj *Subject, now time.Time, changes map[string]int) error {
	if len(subj.ContactIDs) == 0 {
		return nil
	}
	if err := count(changes, "contacts", db.Exec(`UPDATE contacts SET full_name = ?, job_title = '', email = '', phone = '', notes = '',
archived_at = COALESCE(archived_at, ?), updated_at = ? WHERE id IN ?`, erasedContactName, now, now, subj.ContactIDs)); err != nil {
		return err
	}
	return nil
}

// eraseFirmContacts empties a firm's contact fields where the person is its contact; the firm stays.
func eraseFirmContacts(db *gorm.DB, subj *Subject, now time.Time, changes map[string]int) error {
	if len(subj.FirmIDs) == 0 {
		return nil
	}
	return count(changes, "firms", db.Exec(`UPDATE firms SET contact_name = '', contact_email = '', contact_phone = '', updated_at = ? WHERE id IN ?`, now, subj.FirmIDs))
}

// sweepText replaces the person's address and full names wherever they remain in any text column of
// any table (notes, the audit log, messages, tables added later), found through the catalog.
func sweepText(db *gorm.DB, tables []Table, subj *Subject, changes map[string]int) error {
	needles := subj.needles()
	all := newScrubber(needles)
	emailOnly := newScrubber([]string{subj.Email})
	pg := db.Dialector.Name() == "postgres"
	for _, t := range tables {
		cols := t.TextColumns()
		if len(cols) == 0 {
			continue
		}
		where, args := containsAny(cols, needles)
		sel := make([]string, len(cols))
		for i, c := range cols {
			sel[i] = "CAST(" + quote(c.Name) + " AS TEXT)"
		}
		rows, err := db.Raw("SELECT "+strings.Join(sel, ", ")+" FROM "+quote(t.Name)+" WHERE "+where, args...).Rows()
		if err != nil {
			return fmt.Errorf("sweep %s: %w", t.Name, err)
		}
		var found [][]sql.NullString
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return fmt.Errorf("sweep %s: %w", t.Name, err)
			}
			found = append(found, vals)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sweep %s: %w", t.Name, err)
		}
		for _, vals := range found {
			for i, c := range cols {
				if !vals[i].Valid {
					continue
				}
				sc := all
				if identityColumns[t.Name+"."+c.Name] {
					sc = emailOnly
				}
				next, changed := sc.text(vals[i].String)
				if !changed {
					continue
				}
				set := "?"
				if pg {
					set = "CAST(? AS " + c.Type + ")"
				}
				res := db.Exec("UPDATE "+quote(t.Name)+" SET "+quote(c.Name)+" = "+set+" WHERE CAST("+quote(c.Name)+" AS TEXT) = ?", next, vals[i].String)
				if err := count(changes, t.Name, res); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// scrubSessions clears a flash message that mentions the person from other people's sessions (it waits
// there for the next page); sessions are stored as bytes, so the text sweep does not reach them. A
// session that cannot be read but mentions them is ended.
func scrubSessions(db *gorm.DB, subj *Subject, changes map[string]int) error {
	rows, err := db.Table("sessions").Select(`"key", data`).Rows()
	if err != nil {
		return fmt.Errorf("sessions: %w", err)
	}
	type hit struct {
		key  string
		data []byte
	}
	var hits []hit
	needles := subj.needles()
	for rows.Next() {
		var h hit
		if err := rows.Scan(&h.key, &h.data); err != nil {
			rows.Close()
			return fmt.Errorf("sessions: %w", err)
		}
		if mentions(h.data, needles) {
			hits = append(hits, h)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sessions: %w", err)
	}
	for _, h := range hits {
		var d models.SessionData
		if json.Unmarshal(h.data, &d) == nil {
			d.Flash = ""
			if data, err := json.Marshal(d); err == nil && !mentions(data, needles) {
				if err := count(changes, "sessions", db.Exec(`UPDATE sessions SET data = ? WHERE "key" = ?`, data, h.key)); err != nil {
					return err
				}
				continue
			}
		}
		if err := count(changes, "sessions", db.Exec(`DELETE FROM sessions WHERE "key" = ?`, h.key)); err != nil {
			return err
		}
	}
	return nil
}

func mentions(data []byte, needles []string) bool {
	lower := bytes.ToLower(data)
	for _, n := range needles {
		if bytes.Contains(lower, []byte(n)) {
			return true
		}
	}
	return false
}
