package handlers_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// Who may use a route. Each principal is expected to be let in (allow), kept out (deny: anonymous
// visitors are sent to sign in, or get 401 from the API; signed-in people get 403 or 404), or
// either (anyone: the route decides for itself, like the sign-in page).
type expect int

const (
	allow expect = iota + 1
	deny
	anyone
	hidden // kept out as deny, but signed-in people get exactly 404: the route's existence is private
)

type principal int

const (
	anonymous principal = iota
	delegateB           // a delegate of firm B, who must never see firm A
	staffUser
	adminUser
	delegateA // last: it removes its own flight
	nPrincipals
)

var principalNames = [...]string{"anonymous", "delegate of firm B", "staff", "admin", "delegate of firm A"}

type access [nPrincipals]expect

var (
	everyone     = access{anyone, anyone, anyone, anyone, anyone}
	secretLink   = access{allow, allow, allow, allow, allow} // the token in the address is the credential
	staffOnly    = access{deny, deny, allow, allow, deny}
	adminOnly    = access{deny, deny, deny, allow, deny}
	delegatesOwn = access{deny, allow, deny, deny, allow}   // each delegate sees their own firm only
	ownerAOnly   = access{deny, deny, deny, deny, allow}    // firm A's delegate's own record
	signedIn     = access{deny, allow, allow, allow, allow} // one's own account
	// Readiness (travel documents, hotels, emergency contacts, and the delegates that carry them): a
	// delegate, of another firm or of the one concerned, cannot reach any of it: 404 (issue 15).
	staffPrivate = access{deny, hidden, allow, allow, hidden}
)

// readinessRoutes are the routes staffPrivate covers; TestEveryRouteHasItsAccessRule checks each exists.
var readinessRoutes = []string{
	"/api/v1/missions/:id/readiness", "/api/v1/missions/:id/hotels*", "/api/v1/delegates/:did", "/api/v1/registrations/:rid/delegates",
	"/missions/:id/readiness*", "/missions/:id/roster*", "/missions/:id/rooming-list.xlsx", "/missions/:id/hotels*",
	"/missions/:id/registrations/:rid/delegates/:did/documents",
}

// accessRules says who may use each route: "METHOD PATTERN", where METHOD may be * and a PATTERN
// ending in * matches by prefix. The first matching rule wins, so specific rules come first. A new
// route with no rule fails TestEveryRouteHasItsAccessRule: add a line here.
var accessRules = []struct {
	route string
	who   access
}{
	{"GET /healthz", everyone},
	{"GET /readyz", everyone},
	{"GET /static/:file", everyone},
	{"GET /", everyone},
	{"* /login", everyone},
	{"POST /logout", everyone},
	{"GET /accessibility", everyone},
	{"GET /privacy", everyone},
	{"POST /account/sessions/end", everyone}, // signs out (to /login), like /logout: TestSignOutEverywhere checks it
	{"* /account*", signedIn},
	{"GET /feeds/:file", secretLink},
	{"* /invitations/:token", secretLink},
	{"* /follow-up/:survey", secretLink},
	{"* /unsubscribe/:token", secretLink},
	{"* /api/v1/missions/:id/readiness", staffPrivate},
	{"* /api/v1/missions/:id/hotels*", staffPrivate},
	{"* /api/v1/delegates/:did", staffPrivate},
	{"* /api/v1/registrations/:rid/delegates", staffPrivate},
	{"* /api/v1/*", staffOnly},
	{"* /missions/:id/readiness*", staffPrivate},
	{"* /missions/:id/roster*", staffPrivate},
	{"* /missions/:id/rooming-list.xlsx", staffPrivate},
	{"* /missions/:id/hotels*", staffPrivate},
	{"* /missions/:id/registrations/:rid/delegates/:did/documents", staffPrivate},
	{"* /admin/*", adminOnly},
	{"* /my/travel/:sid*", ownerAOnly},
	{"* /my/meetings/:mid*", ownerAOnly}, // a meeting of firm A: firm B's delegate gets 404
	{"* /my/*", delegatesOwn},
	{"* /missions*", staffOnly},
	{"* /contacts*", staffOnly},
}

func ruleFor(method, path string) (access, bool) {
	for _, r := range accessRules {
		m, p, _ := strings.Cut(r.route, " ")
		if m != "*" && m != method {
			continue
		}
		if prefix, ok := strings.CutSuffix(p, "*"); ok && strings.HasPrefix(path, prefix) || p == path {
			return r.who, true
		}
	}
	return access{}, false
}

// TestEveryRouteHasItsAccessRule walks every route of the real application as an anonymous visitor,
// a delegate of firm A, a delegate of firm B, staff and an admin, and checks each is let in or kept
// out as the rules say, and that firm B's delegate never sees firm A's name.
func TestEveryRouteHasItsAccessRule(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		fx := seedItinerary(t, db)
		ctx := t.Context()

		clients := make([]*apptest.Client, nPrincipals)
		tokens := make([]string, nPrincipals)
		home := make([]string, nPrincipals)
		clients[anonymous], home[anonymous] = a.Client(), "/login"
		var staff *models.User
		clients[staffUser], staff = a.SignedIn("staff", "sam@agency.example")
		clients[adminUser], _ = a.SignedIn("admin", "ada@agency.example")
		home[staffUser], home[adminUser] = "/missions", "/missions"
		clients[delegateA], clients[delegateB] = delegateClient(t, a, fx.AnnA), delegateClient(t, a, fx.CarolB)
		home[delegateA], home[delegateB] = "/my/itinerary", "/my/itinerary"
		for _, p := range []principal{staffUser, adminUser, delegateA, delegateB} {
			var u models.User
			must(t, db.Where("email = ?", map[principal]string{staffUser: "sam@agency.example", adminUser: "ada@agency.example", delegateA: fx.AnnA.Email, delegateB: fx.CarolB.Email}[p]).First(&u).Error)
			tokens[p] = a.Token(&u)
		}

		// Routes that remove things work on a delegate of firm A kept for the purpose, so removing
		// them spoils no one else's access.
		dan := models.Delegate{RegistrationID: fx.RegA.ID, MissionID: fx.Mission.ID, FullName: "Dan Doe", Email: "dan@alpha.example"}
		must(t, db.Create(&dan).Error)
		danFlight := models.TravelSegment{DelegateID: dan.ID, Direction: "return", Carrier: "AA", Number: "86", From: "ORD", To: "DUB",
			DepartsAt: fx.Segment.DepartsAt.AddDate(0, 0, 7), ArrivesAt: fx.Segment.ArrivesAt.AddDate(0, 0, 8)}
		must(t, db.Create(&danFlight).Error)
		eve := models.Delegate{RegistrationID: fx.RegA.ID, MissionID: fx.Mission.ID, FullName: "Eve Evans", Email: "eve@alpha.example"}
		must(t, db.Create(&eve).Error)                            // removed through the API
		spare, _ := a.CreateUser("staff", "spare@agency.example") // disabled and enabled again by the walk
		travelTime := models.MissionTravelTime{MissionID: fx.Mission.ID, CityA: "Chicago", CityB: "Schaumburg", Minutes: 45}
		must(t, db.Create(&travelTime).Error)
		feed, err := a.Store.CreateCalendarFeed(ctx, nil, fx.RegA.ID, nil, testNow)
		must(t, err)
		invitation, _, err := a.Store.CreateInvitation(ctx, nil, &fx.BobA, testNow)
		must(t, err)
		// A follow-up survey of firm A, for the survey link and the staff follow-up pages.
		round := models.FollowUpRound{MissionID: fx.Mission.ID, Months: 3, OpenedAt: testNow}
		must(t, db.Create(&round).Error)
		survey := models.FollowUp{RoundID: round.ID, RegistrationID: fx.RegA.ID, Token: models.RandomToken(32), Email: "ann@alpha.example",
			SentAt: testNow, Sends: 1, ExpiresAt: testNow.Add(models.FollowUpLinkLifetime)}
		must(t, db.Omit("Leads").Create(&survey).Error)
		pref, err := a.Store.NotificationPreferenceOf(ctx, fx.AnnA.ID)
		must(t, err)
		message := models.Notification{MissionID: &fx.Mission.ID, Kind: models.NoticeChanges, IdempotencyKey: "authz", RecipientEmail: fx.AnnA.Email,
			Subject: "Alpha Widgets: a meeting moved", BodyText: "…", Status: models.NotificationFailed}
		_, err = a.Store.AddNotification(ctx, &message)
		must(t, err)
		hotel := models.Hotel{MissionID: fx.Mission.ID, Name: "Palmer House", City: "Chicago"}
		must(t, a.Store.SaveHotel(ctx, nil, &hotel))
		apiHotel := models.Hotel{MissionID: fx.Mission.ID, Name: "Riverside Suites", City: "Chicago"}
		must(t, a.Store.SaveHotel(ctx, nil, &apiHotel))
		params := map[string]string{
			":hid":    fmt.Sprint(hotel.ID),
			":survey": survey.Token, ":fuid": fmt.Sprint(survey.ID), ":roundid": fmt.Sprint(round.ID),
			":id": fmt.Sprint(fx.Mission.ID), ":rid": fmt.Sprint(fx.RegA.ID), ":did": fmt.Sprint(dan.ID),
			":fid": fmt.Sprint(feed.ID), ":sid": fmt.Sprint(danFlight.ID), ":uid": fmt.Sprint(staff.ID), ":token": invitation,
			":cid": fmt.Sprint(fx.ContactDowntown.ID), ":lid": fmt.Sprint(fx.Downtown.ID), ":mid": fmt.Sprint(fx.FridayMeeting.ID),
			":pid": fmt.Sprint(fx.Briefing.ID), ":tid": fmt.Sprint(travelTime.ID), ":nid": fmt.Sprint(message.ID),
		}
		fill := func(path string) (string, error) {
			parts := strings.Split(path, "/")
			for i, seg := range parts {
				name, suffix := seg, ""
				if !strings.HasPrefix(seg, ":") {
					continue
				}
				if j := strings.IndexByte(seg, '.'); j > 0 {
					name, suffix = seg[:j], seg[j:]
				}
				switch {
				case name == ":file" && strings.HasPrefix(path, "/static/"):
					parts[i] = "app.css"
				case name == ":file" && strings.HasPrefix(path, "/feeds/"):
					parts[i] = feed.Token + ".ics"
				case name == ":did" && strings.HasPrefix(path, "/api/"):
					parts[i] = fmt.Sprint(eve.ID) + suffix
				case name == ":hid" && strings.HasPrefix(path, "/api/"): // the API removes a hotel of its own
					parts[i] = fmt.Sprint(apiHotel.ID) + suffix
				case name == ":uid" && (strings.HasSuffix(path, "/disable") || strings.HasSuffix(path, "/enable")):
					parts[i] = fmt.Sprint(spare.ID)
				case name == ":token" && strings.HasPrefix(path, "/unsubscribe/"):
					parts[i] = pref.UnsubscribeToken
				case name == ":sid" && strings.HasPrefix(path, "/my/"):
					parts[i] = fmt.Sprint(fx.Segment.ID) + suffix // firm A's delegate's own flight
				case params[name] != "":
					parts[i] = params[name] + suffix
				default:
					return "", fmt.Errorf("no test value for parameter %s: add one to params", name)
				}
			}
			return strings.Join(parts, "/"), nil
		}

		type route struct{ method, path string }
		var routes []route
		seen := map[route]bool{}
		for _, r := range a.Server.App.GetRoutes(true) {
			rt := route{r.Method, r.Path}
			if r.Method == http.MethodHead || seen[rt] {
				continue
			}
			seen[rt] = true
			routes = append(routes, rt)
		}
		// Reads first; then changes, with removals and signing out last so they do not spoil the rest.
		weight := func(r route) int {
			switch {
			case r.path == "/logout":
				return 4
			case r.path == "/account/sessions/end":
				return 3
			case r.method == http.MethodDelete || strings.Contains(r.path, "delete") || strings.Contains(r.path, "revoke"):
				return 2
			case r.method != http.MethodGet:
				return 1
			}
			return 0
		}
		// Among removals, the deeper resource first (a delegate's flight before the delegate).
		depth := func(r route) int { return strings.Count(r.path, "/") }
		sort.SliceStable(routes, func(i, j int) bool {
			wi, wj := weight(routes[i]), weight(routes[j])
			if wi == 2 && wj == 2 {
				return depth(routes[i]) > depth(routes[j])
			}
			return wi < wj
		})
		if len(routes) < 30 {
			t.Fatalf("only %d routes found: is the route walk broken?", len(routes))
		}

		private := map[string]int{}
		for _, rt := range routes {
			for _, pattern := range readinessRoutes {
				if prefix, ok := strings.CutSuffix(pattern, "*"); ok && strings.HasPrefix(rt.path, prefix) || rt.path == pattern {
					private[pattern]++
				}
			}
		}
		for _, pattern := range readinessRoutes {
			if private[pattern] == 0 {
				t.Errorf("no route matches the readiness rule %s: is the route walk broken?", pattern)
			}
		}
		for _, rt := range routes {
			who, ok := ruleFor(rt.method, rt.path)
			if !ok {
				t.Errorf("route %s %s has no access rule: add it to accessRules in handlers/authz_test.go", rt.method, rt.path)
				continue
			}
			path, err := fill(rt.path)
			if err != nil {
				t.Errorf("route %s %s: %v", rt.method, rt.path, err)
				continue
			}
			api := strings.HasPrefix(path, "/api/")
			removed := false // once a removal has worked, the next allowed principal finds nothing: 404 is right
			for p := range nPrincipals {
				var res *apptest.Response
				switch {
				case api:
					body := ""
					if rt.method != http.MethodGet {
						body = "{}"
					}
					res = a.API(rt.method, path, tokens[p], body)
				case rt.method == http.MethodGet:
					res = clients[p].Get(path)
				default:
					clients[p].Get(home[p]) // a fresh CSRF token, as a browser has
					req := httptest.NewRequest(rt.method, path, strings.NewReader("_csrf="+clients[p].CSRF()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					res = clients[p].Do(req)
				}
				label := fmt.Sprintf("%s %s as %s: %d %s", rt.method, rt.path, principalNames[p], res.Status, res.Location())
				toLogin := res.Status == http.StatusSeeOther && strings.HasPrefix(res.Location(), "/login")
				if res.Status >= 500 {
					t.Errorf("%s: server error", label)
				}
				switch who[p] {
				case allow:
					if removed && res.Status == http.StatusNotFound {
						break
					}
					if res.Status == http.StatusUnauthorized || res.Status == http.StatusForbidden || res.Status == http.StatusNotFound || toLogin {
						t.Errorf("%s: want access", label)
					}
					removed = weight(rt) == 2 && res.Status < 400
				case hidden:
					if res.Status != http.StatusNotFound {
						t.Errorf("%s: want 404", label)
					}
				case deny:
					switch {
					case p == anonymous && api && res.Status != http.StatusUnauthorized:
						t.Errorf("%s: want 401", label)
					case p == anonymous && !api && !toLogin:
						t.Errorf("%s: want a redirect to sign in", label)
					case p != anonymous && res.Status != http.StatusForbidden && res.Status != http.StatusNotFound:
						t.Errorf("%s: want 403 or 404", label)
					}
				}
				if p == delegateB && who[p] != secretLink[p] && strings.Contains(res.Body, "Alpha Widgets") {
					t.Errorf("%s: firm B's delegate sees firm A", label)
				}
			}
		}
		// A feed's address works only with a real, unrevoked token.
		for _, p := range []string{"/feeds/" + strings.Repeat("x", 43) + ".ics", "/feeds/" + feed.Token} {
			if r := a.Client().Get(p); r.Status != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", p, r.Status)
			}
		}
	})
}
