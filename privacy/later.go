package privacy

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// catalogHas reports whether tables has table with column.
func catalogHas(tables []Table, table, column string) bool {
	for _, t := range tables {
		if t.Name == table {
			return t.Has(column)
		}
	}
	return false
}

// eraseFromLaterTables handles what other capabilities added to the schema, each only where the
// catalog lists it: sessions ended through the account's session generation, messages waiting to be
// sent to the person withdrawn, their notification choices and their sign-in throttling rows removed,
// their name taken off the meeting outcomes they recorded (the outcomes stay: the mission's figures
// rest on them). Their text is then swept like every other table's.
func eraseFromLaterTables(db *gorm.DB, tables []Table, subj *Subject, now time.Time, changes map[string]int) error {
	if len(subj.UserIDs) > 0 && catalogHas(tables, "users", "session_generation") {
		if err := db.Exec("UPDATE users SET session_generation = session_generation + 1 WHERE id IN ?", subj.UserIDs).Error; err != nil {
			return fmt.Errorf("users: %w", err)
		}
	}
	if catalogHas(tables, "notifications", "recipient_email") && catalogHas(tables, "notifications", "status") {
		cond, args := "LOWER(recipient_email) = ?", []any{subj.Email}
		if len(subj.DelegateIDs) > 0 {
			cond, args = cond+" OR delegate_id IN ?", append(args, subj.DelegateIDs)
		}
		res := db.Exec("UPDATE notifications SET status = 'superseded', updated_at = ? WHERE status IN ('held', 'queued') AND ("+cond+")", append([]any{now}, args...)...)
		if err := count(changes, "notifications", res); err != nil {
			return err
		}
	}
	if len(subj.DelegateIDs) > 0 && catalogHas(tables, "notification_preferences", "delegate_id") {
		if err := count(changes, "notification_preferences", db.Exec("DELETE FROM notification_preferences WHERE delegate_id IN ?", subj.DelegateIDs)); err != nil {
			return err
		}
	}
	if len(subj.UserIDs) > 0 && catalogHas(tables, "meeting_outcomes", "recorded_by_name") {
		res := db.Exec("UPDATE meeting_outcomes SET recorded_by_name = ? WHERE recorded_by IN ?", erasedUserName, subj.UserIDs)
		if err := count(changes, "meeting_outcomes", res); err != nil {
			return err
		}
	}
	if catalogHas(tables, "sign_in_limits", "account") {
		if err := count(changes, "sign_in_limits", db.Exec("DELETE FROM sign_in_limits WHERE LOWER(account) = ?", subj.Email)); err != nil {
			return err
		}
	}
	return nil
}
