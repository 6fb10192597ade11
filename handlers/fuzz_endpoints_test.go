package handlers_test

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// The finding: on PostgreSQL a NUL or invalid UTF-8 in any text field answered 500. This sends bytes
// to every create and update endpoint, pages and API, and fails on any 5xx. Plain `go test` runs the
// seeds below (on PostgreSQL when TEST_DATABASE_URL is set, and on SQLite); run it as a fuzzer with
//
//	TEST_DATABASE_URL=… go test ./handlers -run X -fuzz FuzzCreateAndUpdateEndpoints -fuzztime 5m
func FuzzCreateAndUpdateEndpoints(f *testing.F) {
	for _, seed := range []string{
		"plain text",
		"nul\x00byte",
		"bad \xff\xfe utf-8 \xc3\x28",
		"esc \x1b[31m red \u202e override \u2066 isolate",
		"line\r\nbreak\ttab",
		"e\u0301 not NFC; emoji \U0001F600",
		`quote " backslash \ json {"a":1} <script>&amp;`,
		"9999999999999999999999 -1 0 0x10 2027-02-30 25:61",
		strings.Repeat("long ", 2000),
		"",
	} {
		f.Add([]byte(seed))
	}
	if os.Getenv("CI") == "true" {
		apptest.PostgresURL(f) // fails on CI without PostgreSQL rather than fuzz SQLite alone
	}
	targets := make([]*fuzzTarget, 0, 2)
	for _, kind := range apptest.Databases() {
		targets = append(targets, newFuzzTarget(f, kind))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, ft := range targets {
			ft.run(t, data)
		}
	})
}

// fuzzTarget is the real app on one database with a seeded mission, a signed-in admin, firm A's
// signed-in delegate, an API token, and every POST and PATCH route with its parameters filled in.
type fuzzTarget struct {
	kind     string
	a        *apptest.App
	admin    *apptest.Client
	delegate *apptest.Client
	token    string
	routes   []fuzzRoute
	ids      map[string]string // default values of id fields
}

type fuzzRoute struct{ method, path string }

// fuzzFields are the fields of every form and API object (plus the three inputs of each date).
var fuzzFields = []string{
	"access_needs", "address", "all_registrations", "arrives_time", "carrier", "city", "city_a", "city_b",
	"companies_house_number", "company_name", "contact_email", "contact_id", "contact_ids", "contact_name", "contact_phone",
	"current_password", "day_ends", "day_starts", "default_travel_minutes", "delegate_id", "delegate_ids", "departs_time",
	"description", "destination_city", "destination_country", "dietary_requirements", "direction", "email", "employees",
	"end_time", "export_experience", "firm_id", "from", "full_name", "home_timezone", "job_title", "kind",
	"location_id", "locked", "max_delegates_per_firm", "max_firms", "meeting_minutes", "minutes", "name", "notes",
	"number", "objectives", "organisation", "organisation_type", "password", "password_confirmation", "phone", "postcode",
	"priority", "registration_id", "registration_ids", "role", "same_city_buffer_minutes", "sector", "sectors",
	"staff_notes", "start_time", "state", "status", "target_sectors", "timezone", "title", "to", "us_presence",
	"wants_to_meet", "website", "starts_at", "ends_at", "departs_at", "arrives_at", "start_date", "end_date",
	"registration_closes", "date", "departs_date", "arrives_date",
}

var fuzzDates = map[string]bool{"start_date": true, "end_date": true, "registration_closes": true, "date": true, "departs_date": true, "arrives_date": true}

// fuzzDefaults are plausible values, so that a request whose other fields are garbage reaches past
// the first check.
var fuzzDefaults = map[string]string{
	"arrives_time": "12:45", "departs_time": "10:30", "start_time": "10:00", "end_time": "10:45", "day_starts": "09:00", "day_ends": "17:30",
	"email": "fuzz@example.com", "contact_email": "fuzz@example.com", "timezone": "America/Chicago", "home_timezone": "Europe/London",
	"kind": "briefing", "organisation_type": "buyer", "sector": "agri_food", "sectors": "agri_food", "target_sectors": "agri_food",
	"wants_to_meet": "buyer", "employees": "10-49", "export_experience": "some", "role": "staff", "direction": "outbound",
	"carrier": "EI", "number": "125", "from": "DUB", "to": "ORD", "postcode": "B1 1AA", "companies_house_number": "01234567",
	"website": "https://example.com", "minutes": "45", "meeting_minutes": "45", "max_firms": "10", "max_delegates_per_firm": "3",
	"same_city_buffer_minutes": "30", "default_travel_minutes": "90", "priority": "1", "phone": "0121 496 0000", "contact_phone": "0121 496 0000",
	"password": "a brand new river password", "password_confirmation": "a brand new river password", "current_password": "not the password",
	"starts_at": "2027-03-12T10:00", "ends_at": "2027-03-12T10:45", "departs_at": "2027-03-10T10:30", "arrives_at": "2027-03-10T12:45",
	"status": "", "locked": "false", "us_presence": "no", "all_registrations": "yes",
}

func newFuzzTarget(f *testing.F, kind string) *fuzzTarget {
	db := apptest.OpenDB(f, kind)
	a := apptest.New(f, db, testNow)
	fx := seedItinerary(f, db)
	ft := &fuzzTarget{kind: kind, a: a}
	ft.admin, _ = a.SignedIn("admin", "ada@agency.example")
	ft.token = a.Token(a.MustUser("ada@agency.example"))
	d := fx.AnnA
	must(f, a.Store.CreateUser(f.Context(), nil, &models.User{Email: d.Email, Name: d.FullName, Role: "delegate", RegistrationID: &d.RegistrationID, DelegateID: &d.ID}, "delegate password 123"))
	ft.delegate = a.Client()
	ft.delegate.SignIn(d.Email, "delegate password 123")
	ft.ids = map[string]string{
		"contact_id": fmt.Sprint(fx.ContactDowntown.ID), "contact_ids": fmt.Sprint(fx.ContactRockfd.ID), "registration_id": fmt.Sprint(fx.RegA.ID),
		"registration_ids": fmt.Sprint(fx.RegA.ID), "location_id": fmt.Sprint(fx.Downtown.ID), "firm_id": "", "delegate_id": fmt.Sprint(fx.AnnA.ID),
		"delegate_ids": fmt.Sprint(fx.AnnA.ID),
	}
	params := map[string]string{
		":id": fmt.Sprint(fx.Mission.ID), ":rid": fmt.Sprint(fx.RegA.ID), ":did": fmt.Sprint(fx.AnnA.ID), ":sid": fmt.Sprint(fx.Segment.ID),
		":uid": fmt.Sprint(a.MustUser("ada@agency.example").ID), ":cid": fmt.Sprint(fx.ContactDowntown.ID), ":lid": fmt.Sprint(fx.Downtown.ID),
		":mid": fmt.Sprint(fx.MondayDowntown.ID), ":pid": fmt.Sprint(fx.Briefing.ID), ":tid": "1", ":fid": "1", ":token": "x", ":nid": "1",
		":survey": "x", ":fuid": "1", ":roundid": "1", // follow-up surveys (issue 12)
	}
	skip := []string{"/login", "/logout", "/delete", "/archive", "/cancel", "/revoke", "/sessions/end", "/disable", "/enable", "/invitations/:token", "/import"}
	seen := map[fuzzRoute]bool{}
	for _, r := range a.Server.App.GetRoutes(true) {
		if r.Method != http.MethodPost && r.Method != http.MethodPatch {
			continue
		}
		if slicesContainsSuffix(r.Path, skip) {
			continue
		}
		parts := strings.Split(r.Path, "/")
		for i, p := range parts {
			if v, ok := params[p]; ok {
				parts[i] = v
			} else if strings.HasPrefix(p, ":") {
				f.Fatalf("route %s: no fuzz value for %s", r.Path, p)
			}
		}
		rt := fuzzRoute{r.Method, strings.Join(parts, "/")}
		if !seen[rt] {
			seen[rt] = true
			ft.routes = append(ft.routes, rt)
		}
	}
	sort.Slice(ft.routes, func(i, j int) bool { return ft.routes[i].path < ft.routes[j].path })
	if len(ft.routes) < 40 {
		f.Fatalf("only %d create and update routes found", len(ft.routes))
	}
	return ft
}

func slicesContainsSuffix(path string, parts []string) bool {
	for _, p := range parts {
		if strings.Contains(path, p) {
			return true
		}
	}
	return false
}

// garbage decides, from the input and the field, whether the field gets the fuzz bytes or a plausible
// value: different inputs reach different checks.
func garbage(data []byte, field string) bool {
	h := fnv.New32a()
	h.Write(data)
	h.Write([]byte(field))
	return h.Sum32()%3 != 0
}

func (ft *fuzzTarget) value(data []byte, field string) string {
	if garbage(data, field) {
		return string(data)
	}
	if v, ok := ft.ids[field]; ok {
		return v
	}
	if v, ok := fuzzDefaults[field]; ok {
		return v
	}
	return "Fuzz value"
}

// formBody is a URL-encoded form with every field; its bytes are not sanitised (url.Values escapes
// them byte by byte, so NUL and invalid UTF-8 arrive as sent).
func (ft *fuzzTarget) formBody(data []byte, csrf string) string {
	vals := url.Values{"_csrf": {csrf}}
	for _, field := range fuzzFields {
		if fuzzDates[field] {
			if garbage(data, field) {
				vals.Set(field+"-day", string(data))
				vals.Set(field+"-month", "3")
				vals.Set(field+"-year", string(data))
			} else {
				vals.Set(field+"-day", "12")
				vals.Set(field+"-month", "3")
				vals.Set(field+"-year", "2027")
			}
			continue
		}
		vals.Set(field, ft.value(data, field))
	}
	return vals.Encode()
}

// jsonBody is a JSON object with every field, the fuzz bytes written raw inside the strings (only
// quote and backslash escaped), so invalid UTF-8 reaches the server as it is.
func (ft *fuzzTarget) jsonBody(data []byte) string {
	var b strings.Builder
	b.WriteString("{")
	for i, field := range fuzzFields {
		if i > 0 {
			b.WriteString(",")
		}
		v := ft.value(data, field)
		if fuzzDates[field] && !garbage(data, field) {
			v = "2027-03-12"
		}
		switch {
		case strings.HasSuffix(field, "_ids") || field == "sectors" || field == "target_sectors" || field == "wants_to_meet":
			fmt.Fprintf(&b, "%q:[%s]", field, rawJSONString(v))
		default:
			fmt.Fprintf(&b, "%q:%s", field, rawJSONString(v))
		}
	}
	b.WriteString("}")
	return b.String()
}

func rawJSONString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func (ft *fuzzTarget) run(t *testing.T, data []byte) {
	ft.a.T = t // the app reports to the running input, not to the fuzz target that built it
	counts := map[int]int{}
	defer func() { t.Logf("%s: %d routes, answers %v", ft.kind, len(ft.routes), counts) }()
	for _, rt := range ft.routes {
		var statuses []int
		if strings.HasPrefix(rt.path, "/api/") {
			for _, body := range []string{ft.jsonBody(data), string(data)} {
				r := ft.a.API(rt.method, rt.path, ft.token, body)
				statuses = append(statuses, r.Status)
			}
		} else {
			c := ft.admin
			home := "/missions"
			if strings.HasPrefix(rt.path, "/my/") {
				c, home = ft.delegate, "/my/details"
			}
			c.Get(home) // a fresh CSRF token, as a browser has
			for _, body := range []string{ft.formBody(data, c.CSRF()), string(data) + "&_csrf=" + url.QueryEscape(c.CSRF())} {
				req := httptest.NewRequest(rt.method, rt.path, strings.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				statuses = append(statuses, c.Do(req).Status)
			}
		}
		for _, s := range statuses {
			counts[s]++
			if s >= 500 {
				t.Errorf("%s: %s %s answered %d for input %q", ft.kind, rt.method, rt.path, s, truncate(data, 80))
			}
		}
	}
}

func truncate(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}
