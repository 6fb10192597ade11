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

	// JSON API: a bearer token, never the session cookie.
	api := app.Group("/api/v1", h.RequireToken)
	staffAPI := api.Group("", h.RequireStaffToken)
	staffAPI.Get("/missions", h.APIMissions)
	staffAPI.Post("/missions", h.APICreateMission)
	staffAPI.Get("/missions/:id", h.APIMission)
	staffAPI.Patch("/missions/:id", h.APIUpdateMission)
	// API: registrations, delegates, travel (issue 3)
	// Travel segments are nested in the delegate JSON as travel_segments (PATCH with it replaces them).
	staffAPI.Get("/missions/:id/registrations", h.APIRegistrations)
	staffAPI.Post("/missions/:id/registrations", h.APICreateRegistration)
	staffAPI.Get("/registrations/:rid", h.APIRegistration)
	staffAPI.Patch("/registrations/:rid", h.APIUpdateRegistration)
	staffAPI.Get("/registrations/:rid/delegates", h.APIDelegates)
	staffAPI.Post("/registrations/:rid/delegates", h.APICreateDelegate)
	staffAPI.Get("/delegates/:did", h.APIDelegate)
	staffAPI.Patch("/delegates/:did", h.APIUpdateDelegate)
	staffAPI.Delete("/delegates/:did", h.APIDeleteDelegate)
	// API: contacts, locations, programme, meetings, schedule (issue 4)
	// API: itineraries, invitations (issue 5)
	api.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })

	// Web pages: a session, and a CSRF token on every state-changing form.
	web := app.Group("", csrfProtect, h.LoadUser)
	web.Get("/", h.Home)
	web.Get("/login", h.LoginForm)
	web.Post("/login", h.Login)
	web.Post("/logout", h.Logout)
	// Pages for delegates and invitation links (issue 5)

	staff := web.Group("", h.RequireStaff)
	staff.Get("/missions", h.Missions)
	staff.Get("/missions/new", h.NewMission)
	staff.Post("/missions", h.CreateMission)
	staff.Get("/missions/:id", h.ShowMission)
	staff.Get("/missions/:id/edit", h.EditMission)
	staff.Post("/missions/:id", h.UpdateMission)
	// Pages: registrations, delegates, travel, import, export (issue 3)
	staff.Get("/missions/:id/registrations.xlsx", h.ExportRegistrations)
	staff.Get("/missions/:id/registrations", h.Registrations)
	staff.Post("/missions/:id/registrations", h.CreateRegistration)
	staff.Get("/missions/:id/registrations/new", h.NewRegistration)
	staff.Post("/missions/:id/registrations/new", h.CreateRegistration)
	staff.Get("/missions/:id/registrations/import", h.ImportForm)
	staff.Post("/missions/:id/registrations/import", h.Import)
	staff.Get("/missions/:id/registrations/import/template.xlsx", h.ImportTemplate)
	staff.Get("/missions/:id/registrations/:rid", h.ShowRegistration)
	staff.Post("/missions/:id/registrations/:rid", h.UpdateRegistration)
	staff.Get("/missions/:id/registrations/:rid/edit", h.EditRegistration)
	staff.Post("/missions/:id/registrations/:rid/status", h.ChangeRegistrationStatus)
	staff.Get("/missions/:id/registrations/:rid/delegates/new", h.NewDelegate)
	staff.Post("/missions/:id/registrations/:rid/delegates", h.CreateDelegate)
	staff.Get("/missions/:id/registrations/:rid/delegates/:did/edit", h.EditDelegate)
	staff.Post("/missions/:id/registrations/:rid/delegates/:did", h.UpdateDelegate)
	staff.Post("/missions/:id/registrations/:rid/delegates/:did/delete", h.DeleteDelegate)
	staff.Get("/missions/:id/registrations/:rid/delegates/:did/travel/new", h.NewTravel)
	staff.Post("/missions/:id/registrations/:rid/delegates/:did/travel", h.CreateTravel)
	staff.Get("/missions/:id/registrations/:rid/delegates/:did/travel/:sid/edit", h.EditTravel)
	staff.Post("/missions/:id/registrations/:rid/delegates/:did/travel/:sid", h.UpdateTravel)
	staff.Post("/missions/:id/registrations/:rid/delegates/:did/travel/:sid/delete", h.DeleteTravel)
	// Pages: contacts, locations, programme, meetings, matchmaking, schedule (issue 4)
	// Pages: itineraries, exports, calendar feeds, invitations (issue 5)

	admin := web.Group("/admin", h.RequireAdmin)
	admin.Get("/users", h.Users)
	admin.Get("/users/new", h.NewUser)
	admin.Post("/users", h.CreateUser)
	admin.Get("/users/:uid/password", h.PasswordForm)
	admin.Post("/users/:uid/password", h.ResetPassword)
	admin.Get("/audit", h.AuditLog)
}
