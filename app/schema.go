package app

import "strings"

// migrations is the schema's history, oldest first.
var migrations = []migration{
	{Version: 1, Name: "accounts, sessions, audit and missions", SQL: `
CREATE TABLE missions (
	id {{pk}},
	name TEXT NOT NULL,
	destination_city TEXT NOT NULL,
	destination_country TEXT NOT NULL,
	timezone TEXT NOT NULL,
	home_timezone TEXT NOT NULL,
	start_date DATE NOT NULL,
	end_date DATE NOT NULL,
	registration_closes DATE NOT NULL,
	max_firms INTEGER NOT NULL CHECK (max_firms > 0),
	max_delegates_per_firm INTEGER NOT NULL CHECK (max_delegates_per_firm > 0),
	sectors TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'completed')),
	meeting_minutes INTEGER NOT NULL CHECK (meeting_minutes BETWEEN 5 AND 480),
	day_starts TEXT NOT NULL,
	day_ends TEXT NOT NULL,
	same_city_buffer_minutes INTEGER NOT NULL DEFAULT 30 CHECK (same_city_buffer_minutes >= 0),
	default_travel_minutes INTEGER NOT NULL DEFAULT 90 CHECK (default_travel_minutes >= 0),
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	CHECK (end_date >= start_date),
	CHECK (day_ends > day_starts)
);

CREATE TABLE firms (
	id {{pk}},
	company_name TEXT NOT NULL,
	companies_house_number TEXT NOT NULL DEFAULT '',
	website TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL DEFAULT '',
	postcode TEXT NOT NULL DEFAULT '',
	sector TEXT NOT NULL,
	employees TEXT NOT NULL DEFAULT '',
	export_experience TEXT NOT NULL DEFAULT 'none' CHECK (export_experience IN ('none', 'some', 'experienced')),
	us_presence BOOLEAN NOT NULL DEFAULT FALSE,
	description TEXT NOT NULL DEFAULT '',
	contact_name TEXT NOT NULL DEFAULT '',
	contact_email TEXT NOT NULL DEFAULT '',
	contact_phone TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX firms_companies_house_number_key ON firms (companies_house_number) WHERE companies_house_number <> '';
CREATE INDEX firms_company_name_idx ON firms (company_name);

CREATE TABLE registrations (
	id {{pk}},
	mission_id {{id}} NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
	firm_id {{id}} NOT NULL REFERENCES firms (id) ON DELETE RESTRICT,
	status TEXT NOT NULL CHECK (status IN ('applied', 'approved', 'waitlisted', 'confirmed', 'withdrawn', 'rejected')),
	objectives TEXT NOT NULL DEFAULT '',
	target_sectors TEXT NOT NULL DEFAULT '',
	wants_to_meet TEXT NOT NULL DEFAULT '',
	status_changed_at {{ts}} NOT NULL,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	UNIQUE (mission_id, firm_id)
);
CREATE INDEX registrations_mission_status_idx ON registrations (mission_id, status);

CREATE TABLE delegates (
	id {{pk}},
	registration_id {{id}} NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
	mission_id {{id}} NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
	full_name TEXT NOT NULL,
	job_title TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL,
	phone TEXT NOT NULL DEFAULT '',
	dietary_requirements TEXT NOT NULL DEFAULT '',
	access_needs TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	UNIQUE (mission_id, email)
);
CREATE INDEX delegates_registration_idx ON delegates (registration_id);

CREATE TABLE travel_segments (
	id {{pk}},
	delegate_id {{id}} NOT NULL REFERENCES delegates (id) ON DELETE CASCADE,
	direction TEXT NOT NULL CHECK (direction IN ('outbound', 'return')),
	carrier TEXT NOT NULL DEFAULT '',
	number TEXT NOT NULL DEFAULT '',
	from_airport TEXT NOT NULL,
	to_airport TEXT NOT NULL,
	departs_at {{ts}} NOT NULL,
	arrives_at {{ts}} NOT NULL,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	CHECK (arrives_at > departs_at)
);
CREATE INDEX travel_segments_delegate_idx ON travel_segments (delegate_id);

CREATE TABLE users (
	id {{pk}},
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'delegate')),
	password_hash TEXT NOT NULL DEFAULT '',
	registration_id {{id}} REFERENCES registrations (id) ON DELETE CASCADE,
	delegate_id {{id}} REFERENCES delegates (id) ON DELETE CASCADE,
	failed_logins INTEGER NOT NULL DEFAULT 0,
	failed_since {{ts}},
	locked_until {{ts}},
	disabled BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	CHECK (role <> 'delegate' OR registration_id IS NOT NULL)
);

CREATE TABLE api_tokens (
	id {{pk}},
	user_id {{id}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name TEXT NOT NULL DEFAULT '',
	token_hash TEXT NOT NULL UNIQUE,
	created_at {{ts}} NOT NULL,
	last_used_at {{ts}}
);

CREATE TABLE sessions (
	key TEXT PRIMARY KEY,
	data {{blob}} NOT NULL,
	expires_at {{ts}}
);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE audit_events (
	id {{pk}},
	user_id {{id}} REFERENCES users (id) ON DELETE SET NULL,
	actor TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_id {{id}} NOT NULL,
	mission_id {{id}},
	before TEXT NOT NULL DEFAULT '',
	after TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL
);
CREATE INDEX audit_events_entity_idx ON audit_events (entity, entity_id);
CREATE INDEX audit_events_created_idx ON audit_events (created_at);
`},
	{Version: 2, Name: "contacts, locations, programme and meetings", SQL: `
CREATE TABLE contacts (
	id {{pk}},
	full_name TEXT NOT NULL,
	organisation TEXT NOT NULL,
	job_title TEXT NOT NULL DEFAULT '',
	organisation_type TEXT NOT NULL CHECK (organisation_type IN ('buyer', 'distributor', 'investor', 'partner', 'government', 'university', 'association', 'service_provider')),
	sector TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	archived_at {{ts}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX contacts_organisation_idx ON contacts (organisation);

CREATE TABLE contact_availabilities (
	id {{pk}},
	mission_id {{id}} NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
	contact_id {{id}} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	starts_at {{ts}} NOT NULL,
	ends_at {{ts}} NOT NULL,
	CHECK (ends_at > starts_at)
);
CREATE INDEX contact_availabilities_idx ON contact_availabilities (mission_id, contact_id);

CREATE TABLE locations (
	id {{pk}},
	mission_id {{id}} NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	address TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL,
	contact_id {{id}} REFERENCES contacts (id) ON DELETE SET NULL,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX locations_mission_idx ON locations (mission_id);

CREATE TABLE mission_travel_times (
	id {{pk}},
	mission_id {{id}} NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
	city_a TEXT NOT NULL,
	city_b TEXT NOT NULL,
	minutes INTEGER NOT NULL CHECK (minutes >= 0),
	UNIQUE (mission_id, city_a, city_b)
);

CREATE TABLE programme_items (
	id {{pk}},
	mission_id {{id}} NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('briefing', 'reception', 'site_visit', 'networking', 'travel')),
	starts_at {{ts}} NOT NULL,
	ends_at {{ts}} NOT NULL,
	location_id {{id}} REFERENCES locations (id) ON DELETE SET NULL,
	description TEXT NOT NULL DEFAULT '',
	all_registrations BOOLEAN NOT NULL DEFAULT TRUE,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	CHECK (ends_at > starts_at)
);
CREATE INDEX programme_items_mission_idx ON programme_items (mission_id, starts_at);

CREATE TABLE programme_attendees (
	programme_item_id {{id}} NOT NULL REFERENCES programme_items (id) ON DELETE CASCADE,
	registration_id {{id}} NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
	PRIMARY KEY (programme_item_id, registration_id)
);

CREATE TABLE meetings (
	id {{pk}},
	mission_id {{id}} NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
	registration_id {{id}} NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
	contact_id {{id}} NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
	starts_at {{ts}},
	ends_at {{ts}},
	minutes INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 480),
	location_id {{id}} REFERENCES locations (id) ON DELETE SET NULL,
	status TEXT NOT NULL CHECK (status IN ('requested', 'scheduled', 'cancelled', 'declined')),
	priority INTEGER NOT NULL DEFAULT 0,
	locked BOOLEAN NOT NULL DEFAULT FALSE,
	notes TEXT NOT NULL DEFAULT '',
	staff_notes TEXT NOT NULL DEFAULT '',
	sequence INTEGER NOT NULL DEFAULT 0,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	CHECK (starts_at IS NULL OR ends_at > starts_at),
	CHECK (status <> 'scheduled' OR starts_at IS NOT NULL)
);
CREATE INDEX meetings_mission_idx ON meetings (mission_id, starts_at);
CREATE INDEX meetings_registration_idx ON meetings (registration_id);
CREATE INDEX meetings_contact_idx ON meetings (contact_id);

CREATE TABLE meeting_delegates (
	meeting_id {{id}} NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	delegate_id {{id}} NOT NULL REFERENCES delegates (id) ON DELETE CASCADE,
	PRIMARY KEY (meeting_id, delegate_id)
);

CREATE TABLE invitations (
	id {{pk}},
	delegate_id {{id}} NOT NULL REFERENCES delegates (id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	expires_at {{ts}} NOT NULL,
	used_at {{ts}},
	created_by {{id}} REFERENCES users (id) ON DELETE SET NULL,
	created_at {{ts}} NOT NULL
);

CREATE TABLE calendar_feeds (
	id {{pk}},
	registration_id {{id}} NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
	delegate_id {{id}} REFERENCES delegates (id) ON DELETE CASCADE,
	token TEXT NOT NULL UNIQUE,
	revoked_at {{ts}},
	created_at {{ts}} NOT NULL
);
`, Postgres: `
-- Two scheduled meetings of one contact or one firm never overlap, even when two staff book at once.
-- Half-open ranges let back-to-back meetings stand.
CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public;
ALTER TABLE meetings ADD CONSTRAINT meetings_contact_no_overlap EXCLUDE USING gist (contact_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (status = 'scheduled');
ALTER TABLE meetings ADD CONSTRAINT meetings_registration_no_overlap EXCLUDE USING gist (registration_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (status = 'scheduled');
`},
	{Version: 3, Name: "import batches kept between an upload's preview and its confirmation", SQL: `
CREATE TABLE import_batches (
	id {{pk}},
	mission_id {{id}} NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
	user_id {{id}} REFERENCES users (id) ON DELETE SET NULL,
	filename TEXT NOT NULL DEFAULT '',
	cells TEXT NOT NULL,
	imported_at {{ts}},
	created_at {{ts}} NOT NULL
);
CREATE INDEX import_batches_created_idx ON import_batches (created_at);
`},
	{Version: 4, Name: "import batches serve both the firm and the contact import (pending previews are discarded)", SQL: `
-- Batches live 24 hours and are made again by uploading the file, so the table is simply rebuilt:
-- any preview not yet confirmed when this step runs must be uploaded again.
-- A registrations batch belongs to a mission; a contacts batch (the shared directory) to none.
DROP TABLE import_batches;
CREATE TABLE import_batches (
	id {{pk}},
	kind TEXT NOT NULL CHECK (kind IN ('registrations', 'contacts')),
	mission_id {{id}} REFERENCES missions (id) ON DELETE CASCADE,
	user_id {{id}} REFERENCES users (id) ON DELETE SET NULL,
	filename TEXT NOT NULL DEFAULT '',
	cells TEXT NOT NULL,
	imported_at {{ts}},
	created_at {{ts}} NOT NULL,
	CHECK ((kind = 'registrations') = (mission_id IS NOT NULL))
);
CREATE INDEX import_batches_created_idx ON import_batches (created_at);
`},
	{Version: 5, Name: "indexes for the lookups of one booking and of one page", SQL: `
-- A booking is checked against its firm's and its contact's meetings of that day (issue 8): index
-- scans on (registration, time) and (contact, time), which also serve every lookup by firm or contact.
CREATE INDEX meetings_registration_starts_idx ON meetings (registration_id, starts_at);
CREATE INDEX meetings_contact_starts_idx ON meetings (contact_id, starts_at);
DROP INDEX meetings_registration_idx;
DROP INDEX meetings_contact_idx;
-- A delegate's meetings, and a firm's chosen programme items.
CREATE INDEX meeting_delegates_delegate_idx ON meeting_delegates (delegate_id);
CREATE INDEX programme_attendees_registration_idx ON programme_attendees (registration_id);
`},
	{Version: 7, Name: "sign-in limits per address and account, and sessions that end with a password change", SQL: `
-- Failures counted per client address, per account and address, and per account; keys are hashes of
-- the email typed and the address, so strangers' guesses are not kept in clear. "known" rows remember
-- the addresses an account signed in from lately.
CREATE TABLE sign_in_limits (
	key TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('address', 'pair', 'account', 'known')),
	account TEXT NOT NULL DEFAULT '',
	failures INTEGER NOT NULL DEFAULT 0,
	window_start {{ts}} NOT NULL,
	blocked_until {{ts}},
	updated_at {{ts}} NOT NULL
);
CREATE INDEX sign_in_limits_account_idx ON sign_in_limits (account);
CREATE INDEX sign_in_limits_updated_idx ON sign_in_limits (updated_at);
-- A session remembers the generation it started in; a password change, disabling the account or
-- "sign out everywhere" moves the generation on, which ends every older session at its next request.
ALTER TABLE users ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0;
`},
	{Version: 8, Name: "scheduler settings: most and fewest meetings per firm", SQL: `
-- 0 means no maximum and no minimum, which is how every mission scheduled before.
ALTER TABLE missions ADD COLUMN max_meetings_per_firm INTEGER NOT NULL DEFAULT 0 CHECK (max_meetings_per_firm >= 0);
ALTER TABLE missions ADD COLUMN min_meetings_per_firm INTEGER NOT NULL DEFAULT 0 CHECK (min_meetings_per_firm >= 0);
`},
	{Version: 10, Name: "notifications: the outbox, delegates' choices and held missions (River's own tables follow: notify.MigrateQueue)", SQL: `
-- One row per email to one person: what staff see in the outbox and the record of what was sent.
-- idempotency_key is unique so the same message is never recorded, or sent, twice.
CREATE TABLE notifications (
	id {{pk}},
	mission_id {{id}} REFERENCES missions (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('registration', 'changes', 'agenda', 'invitation')),
	idempotency_key TEXT NOT NULL UNIQUE,
	recipient_email TEXT NOT NULL,
	recipient_name TEXT NOT NULL DEFAULT '',
	delegate_id {{id}} REFERENCES delegates (id) ON DELETE SET NULL,
	registration_id {{id}} REFERENCES registrations (id) ON DELETE SET NULL,
	subject TEXT NOT NULL,
	body_text TEXT NOT NULL,
	body_html TEXT NOT NULL DEFAULT '',
	attachments TEXT NOT NULL DEFAULT '',
	changes TEXT NOT NULL DEFAULT '',
	unsubscribe_url TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('held', 'queued', 'failed', 'sent', 'superseded')),
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	job_id {{id}},
	sent_at {{ts}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX notifications_mission_idx ON notifications (mission_id, created_at);
CREATE INDEX notifications_status_idx ON notifications (status, created_at);

-- A delegate's choice of optional messages; no row means everything on.
CREATE TABLE notification_preferences (
	delegate_id {{id}} PRIMARY KEY REFERENCES delegates (id) ON DELETE CASCADE,
	changes BOOLEAN NOT NULL DEFAULT TRUE,
	agenda BOOLEAN NOT NULL DEFAULT TRUE,
	unsubscribe_token TEXT NOT NULL UNIQUE,
	updated_at {{ts}} NOT NULL
);

-- Missions whose sending staff hold while they fix a draft schedule.
CREATE TABLE notification_holds (
	mission_id {{id}} PRIMARY KEY REFERENCES missions (id) ON DELETE CASCADE,
	held_by {{id}} REFERENCES users (id) ON DELETE SET NULL,
	created_at {{ts}} NOT NULL
);
`},
	{Version: 12, Name: "retention settings per mission, and when each kind of personal data was removed", SQL: `
-- Delegates' personal details (phone, flights, the audit log's copies of them) go some months after the
-- mission ends; dietary and access needs (which can reveal health) some days after. The removed_at stamps
-- record that the retention job has done each removal, and let only one instance do it.
ALTER TABLE missions ADD COLUMN personal_data_retention_months INTEGER NOT NULL DEFAULT 12 CHECK (personal_data_retention_months BETWEEN 1 AND 120);
ALTER TABLE missions ADD COLUMN needs_retention_days INTEGER NOT NULL DEFAULT 30 CHECK (needs_retention_days BETWEEN 1 AND 365);
ALTER TABLE missions ADD COLUMN personal_data_removed_at {{ts}};
ALTER TABLE missions ADD COLUMN needs_removed_at {{ts}};
`},
	{Version: 13, Name: "meeting outcomes and follow-up surveys", SQL: `
-- A meeting's outcome as its firm's delegate recorded it and as staff recorded or corrected it: at most
-- one row per meeting and source. Staff's row, when there is one, is the outcome that counts.
CREATE TABLE meeting_outcomes (
	id {{pk}},
	meeting_id {{id}} NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	source TEXT NOT NULL CHECK (source IN ('delegate', 'staff')),
	attendance TEXT NOT NULL CHECK (attendance IN ('held', 'no_show_contact', 'no_show_firm', 'cancelled_on_day')),
	interest TEXT NOT NULL DEFAULT '' CHECK (interest IN ('', 'not_interested', 'informative', 'cooperation_possible')),
	next_step TEXT NOT NULL DEFAULT '',
	estimated_value_gbp BIGINT CHECK (estimated_value_gbp BETWEEN 0 AND 1000000000),
	expected_by DATE,
	notes TEXT NOT NULL DEFAULT '',
	recorded_by {{id}} REFERENCES users (id) ON DELETE SET NULL,
	recorded_by_name TEXT NOT NULL DEFAULT '',
	recorded_at {{ts}} NOT NULL,
	UNIQUE (meeting_id, source),
	CHECK (attendance = 'held' OR interest = '')
);

-- Follow-up surveys: the months after a mission's end at which a round is sent (a mission setting),
-- one round per mission and month, one secure link per going firm and round, one answer per lead.
ALTER TABLE missions ADD COLUMN follow_up_months TEXT NOT NULL DEFAULT '3,6';

CREATE TABLE follow_up_rounds (
	id {{pk}},
	mission_id {{id}} NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
	months INTEGER NOT NULL CHECK (months BETWEEN 1 AND 36),
	opened_at {{ts}} NOT NULL,
	closed_at {{ts}},
	UNIQUE (mission_id, months)
);

CREATE TABLE follow_ups (
	id {{pk}},
	round_id {{id}} NOT NULL REFERENCES follow_up_rounds (id) ON DELETE CASCADE,
	registration_id {{id}} NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
	token TEXT NOT NULL UNIQUE,
	email TEXT NOT NULL DEFAULT '',
	sent_at {{ts}} NOT NULL,
	sends INTEGER NOT NULL DEFAULT 1,
	expires_at {{ts}} NOT NULL,
	responded_at {{ts}},
	satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
	comment TEXT NOT NULL DEFAULT '',
	case_study_consent BOOLEAN NOT NULL DEFAULT FALSE,
	UNIQUE (round_id, registration_id)
);

CREATE TABLE follow_up_leads (
	follow_up_id {{id}} NOT NULL REFERENCES follow_ups (id) ON DELETE CASCADE,
	meeting_id {{id}} NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	status TEXT NOT NULL CHECK (status IN ('no_further_contact', 'in_negotiation', 'agreement_reached', 'export_win')),
	year1_gbp BIGINT CHECK (year1_gbp BETWEEN 0 AND 1000000000),
	year2_gbp BIGINT CHECK (year2_gbp BETWEEN 0 AND 1000000000),
	year3_gbp BIGINT CHECK (year3_gbp BETWEEN 0 AND 1000000000),
	without_support TEXT NOT NULL DEFAULT '' CHECK (without_support IN ('', 'would_not_have', 'later', 'smaller', 'same')),
	PRIMARY KEY (follow_up_id, meeting_id)
);
`},
	{Version: 14, Name: "delegate readiness: travel documents, emergency contacts, hotels and bookings", SQL: `
-- Travel documents hold the passport's last 4 characters only (never the whole number) and no date of
-- birth. These fields, the emergency contact and the hotel booking go with the needs, 30 days after the
-- mission ends by default (privacy.Purge).
ALTER TABLE delegates ADD COLUMN passport_nationality TEXT NOT NULL DEFAULT '';
ALTER TABLE delegates ADD COLUMN passport_expires DATE;
ALTER TABLE delegates ADD COLUMN passport_last4 TEXT NOT NULL DEFAULT '' CHECK (LENGTH(passport_last4) <= 4);
ALTER TABLE delegates ADD COLUMN esta_status TEXT NOT NULL DEFAULT '' CHECK (esta_status IN ('', 'not_needed', 'to_apply', 'applied', 'approved', 'refused'));
ALTER TABLE delegates ADD COLUMN esta_expires DATE;
ALTER TABLE delegates ADD COLUMN mobile_abroad TEXT NOT NULL DEFAULT '';
ALTER TABLE delegates ADD COLUMN emergency_contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE delegates ADD COLUMN emergency_contact_relationship TEXT NOT NULL DEFAULT '';
ALTER TABLE delegates ADD COLUMN emergency_contact_phone TEXT NOT NULL DEFAULT '';

-- A hotel is a mission setting; it owns a location of the mission (same name, address and city) so that
-- the travel-time rules between places apply to it.
CREATE TABLE hotels (
	id {{pk}},
	mission_id {{id}} NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
	location_id {{id}} NOT NULL UNIQUE REFERENCES locations (id),
	name TEXT NOT NULL,
	address TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL,
	check_in TEXT NOT NULL DEFAULT '15:00',
	check_out TEXT NOT NULL DEFAULT '11:00',
	block_starts_on DATE,
	block_ends_on DATE,
	rooms INTEGER NOT NULL DEFAULT 0 CHECK (rooms >= 0),
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	CHECK (block_ends_on IS NULL OR block_starts_on IS NULL OR block_ends_on > block_starts_on)
);
CREATE INDEX hotels_mission_idx ON hotels (mission_id);

-- A delegate's booking: the nights from arrives_on to the night before departs_on.
CREATE TABLE hotel_bookings (
	id {{pk}},
	delegate_id {{id}} NOT NULL UNIQUE REFERENCES delegates (id) ON DELETE CASCADE,
	hotel_id {{id}} NOT NULL REFERENCES hotels (id),
	arrives_on DATE NOT NULL,
	departs_on DATE NOT NULL,
	room TEXT NOT NULL CHECK (room IN ('single', 'shared')),
	confirmation TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	CHECK (departs_on > arrives_on)
);
CREATE INDEX hotel_bookings_hotel_idx ON hotel_bookings (hotel_id);
`},
	notificationKindsStep(16, "notifications: the readiness reminder kind",
		"registration", "changes", "agenda", "invitation", "readiness"),
	notificationKindsStep(17, "notifications: a kind for the follow-up survey's email",
		"registration", "changes", "agenda", "invitation", "readiness", "follow_up"),
	{Version: 19, Name: "the data revision: one number raised by every committed change, against which costly pages are kept (issue 8)", SQL: `
CREATE TABLE data_revisions (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n BIGINT NOT NULL
);
INSERT INTO data_revisions (id, n) VALUES (1, 1);
`},
}

// notificationKindsStep is a step that changes the kinds of message the outbox (notifications) may hold
// to exactly kinds. PostgreSQL replaces the CHECK constraint. SQLite cannot change one: the table is
// rebuilt with the new list (nothing references it), keeping its rows, its ids and its AUTOINCREMENT
// counter (ids of messages since removed are not given out again), then its indexes are made again.
func notificationKindsStep(version int, name string, kinds ...string) migration {
	list := "'" + strings.Join(kinds, "', '") + "'"
	return migration{Version: version, Name: name, Postgres: `
ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (` + list + `));
`, SQLite: `
CREATE TABLE notifications_rebuilt (
	id {{pk}},
	mission_id {{id}} REFERENCES missions (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN (` + list + `)),
	idempotency_key TEXT NOT NULL UNIQUE,
	recipient_email TEXT NOT NULL,
	recipient_name TEXT NOT NULL DEFAULT '',
	delegate_id {{id}} REFERENCES delegates (id) ON DELETE SET NULL,
	registration_id {{id}} REFERENCES registrations (id) ON DELETE SET NULL,
	subject TEXT NOT NULL,
	body_text TEXT NOT NULL,
	body_html TEXT NOT NULL DEFAULT '',
	attachments TEXT NOT NULL DEFAULT '',
	changes TEXT NOT NULL DEFAULT '',
	unsubscribe_url TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('held', 'queued', 'failed', 'sent', 'superseded')),
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	job_id {{id}},
	sent_at {{ts}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
INSERT INTO notifications_rebuilt (id, mission_id, kind, idempotency_key, recipient_email, recipient_name, delegate_id, registration_id,
	subject, body_text, body_html, attachments, changes, unsubscribe_url, status, attempts, last_error, job_id, sent_at, created_at, updated_at)
SELECT id, mission_id, kind, idempotency_key, recipient_email, recipient_name, delegate_id, registration_id,
	subject, body_text, body_html, attachments, changes, unsubscribe_url, status, attempts, last_error, job_id, sent_at, created_at, updated_at
FROM notifications;
DELETE FROM sqlite_sequence WHERE name = 'notifications_rebuilt';
INSERT INTO sqlite_sequence (name, seq) SELECT 'notifications_rebuilt', seq FROM sqlite_sequence WHERE name = 'notifications';
DROP TABLE notifications;
ALTER TABLE notifications_rebuilt RENAME TO notifications;
CREATE INDEX notifications_mission_idx ON notifications (mission_id, created_at);
CREATE INDEX notifications_status_idx ON notifications (status, created_at);
`}
}
