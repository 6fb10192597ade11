package app

import (
	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/handlers"
)

// routes lists every route of the application. Pages (sessions, CSRF on every form) are under / ; the
// JSON API (bearer tokens, no cookies) under /api/v1.
func routes(app *fiber.App, h *handlers.Handler, csrfProtect fiber.Handler) {
	app.Get("/healthz", h.Healthz)
	app.Get("/readyz", h.Readyz)
	app.Get("/static/:file", h.Static)
	// Calendar subscriptions: the secret token in the address is the credential (issue 5).
	app.Get("/feeds/:file", h.CalendarFeedFile)

	// JSON API: a bearer token, never the session cookie.
	api := app.Group("/api/v1", h.RequireToken)
	staffAPI := api.Group("", h.RequireStaffToken)
	staffAPI.Get("/missions", h.APIMissions)
	staffAPI.Post("/missions", h.APICreateMission)
	staffAPI.Get("/missions/:id", h.APIMission)
	staffAPI.Patch("/missions/:id", h.APIUpdateMission)
	// API: registrations, delegates, travel (issue 3)
	// API: contacts, locations, programme, meetings, schedule (issue 4)
	// API: itineraries, invitations (issue 5)
	staffAPI.Get("/registrations/:rid/itinerary", h.APIItinerary)
	staffAPI.Post("/delegates/:did/invitation", h.APIInviteDelegate)
	api.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })

	// Web pages: a session, and a CSRF token on every state-changing form.
	web := app.Group("", csrfProtect, h.LoadUser)
	web.Get("/", h.Home)
	web.Get("/login", h.LoginForm)
	web.Post("/login", h.Login)
	web.Post("/logout", h.Logout)
	// Pages for delegates and invitation links (issue 5)
	web.Get("/invitations/:token", h.InvitationForm)
	web.Post("/invitations/:token", h.AcceptInvitation)
	my := web.Group("/my", h.RequireDelegate)
	my.Get("/itinerary", h.MyItinerary)
	my.Get("/itinerary.xlsx", h.MyItineraryXLSX)
	my.Post("/calendar", h.MyCalendar)
	my.Get("/details", h.MyDetailsForm)
	my.Post("/details", h.MyDetails)
	my.Get("/travel", h.MyTravel)
	my.Get("/travel/new", h.MyTravelNew)
	my.Post("/travel", h.MyTravelCreate)
	my.Get("/travel/:sid/edit", h.MyTravelEdit)
	my.Post("/travel/:sid", h.MyTravelUpdate)
	my.Post("/travel/:sid/delete", h.MyTravelDelete)

	staff := web.Group("", h.RequireStaff)
	staff.Get("/missions", h.Missions)
	staff.Get("/missions/new", h.NewMission)
	staff.Post("/missions", h.CreateMission)
	staff.Get("/missions/:id", h.ShowMission)
	staff.Get("/missions/:id/edit", h.EditMission)
	staff.Post("/missions/:id", h.UpdateMission)
	// Pages: registrations, delegates, travel, import, export (issue 3)
	// Pages: contacts, locations, programme, meetings, matchmaking, schedule (issue 4)
	// Pages: itineraries, exports, calendar feeds, invitations (issue 5)
	staff.Get("/missions/:id/registrations/:rid/itinerary", h.StaffItinerary)
	staff.Get("/missions/:id/registrations/:rid/itinerary.xlsx", h.ItineraryXLSX)
	staff.Post("/missions/:id/registrations/:rid/feeds", h.CreateCalendarFeed)
	staff.Post("/missions/:id/registrations/:rid/feeds/:fid/revoke", h.RevokeCalendarFeed)
	staff.Post("/missions/:id/registrations/:rid/delegates/:did/invitation", h.InviteDelegate)
	staff.Get("/missions/:id/schedule.xlsx", h.ScheduleXLSX)
	staff.Get("/missions/:id/itineraries.zip", h.ItinerariesZip)

	admin := web.Group("/admin", h.RequireAdmin)
	admin.Get("/users", h.Users)
	admin.Get("/users/new", h.NewUser)
	admin.Post("/users", h.CreateUser)
	admin.Get("/users/:uid/password", h.PasswordForm)
	admin.Post("/users/:uid/password", h.ResetPassword)
	admin.Get("/audit", h.AuditLog)
}
