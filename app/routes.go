package app

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/handlers"
)

// routes lists every route of the application. Each route carries its own guards (see guarded), so
// the order routes are added in never changes who may reach them. Pages use the session and a CSRF
// token on every state-changing form; the JSON API under /api/v1 uses bearer tokens, never cookies.
func routes(app *fiber.App, h *handlers.Handler) {
	app.Get("/healthz", h.Healthz)
	app.Get("/readyz", h.Readyz)
	app.Get("/static/:file", h.Static)
	// Calendar subscriptions: the secret token in the address is the credential.
	app.Get("/feeds/:file", h.CalendarFeedFile)
	// Unsubscribe links in emails: the secret token is the credential; no sign-in, and no CSRF token so
	// mail programs' one-click requests (RFC 8058) work. The page only asks; the POST stops the emails.
	app.Get("/unsubscribe/:token", h.UnsubscribeForm)
	app.Post("/unsubscribe/:token", h.Unsubscribe)

	web := guarded{app, []fiber.Handler{h.Session, h.LoadUser}}
	staff := web.with(h.RequireStaff, h.AskBeforeBreakingMeetings)
	admin := web.with(h.RequireAdmin)
	api := guarded{app.Group("/api/v1"), []fiber.Handler{h.RequireToken}}
	staffAPI := api.with(h.RequireStaffToken)
	// Readiness (travel documents, hotels, emergency contacts, and the delegates that carry them) is
	// staff's alone, and its very existence private: to anyone else signed in these routes answer 404.
	readiness := web.with(h.RequireStaffPrivate, h.AskBeforeBreakingMeetings)
	readinessAPI := api.with(h.RequireStaffTokenPrivate)

	// JSON API (paths relative to /api/v1)
	staffAPI.Get("/missions", h.APIMissions)
	staffAPI.Post("/missions", h.APICreateMission)
	staffAPI.Get("/missions/:id", h.APIMission)
	staffAPI.Patch("/missions/:id", h.APIUpdateMission)
	// Registrations, delegates and their travel
	// Travel segments are nested in the delegate JSON as travel_segments (PATCH with it replaces them).
	staffAPI.Get("/missions/:id/registrations", h.APIRegistrations)
	staffAPI.Post("/missions/:id/registrations", h.APICreateRegistration)
	staffAPI.Get("/registrations/:rid", h.APIRegistration)
	staffAPI.Patch("/registrations/:rid", h.APIUpdateRegistration)
	readinessAPI.Get("/registrations/:rid/delegates", h.APIDelegates)
	readinessAPI.Post("/registrations/:rid/delegates", h.APICreateDelegate)
	readinessAPI.Get("/delegates/:did", h.APIDelegate)
	readinessAPI.Patch("/delegates/:did", h.APIUpdateDelegate)
	readinessAPI.Delete("/delegates/:did", h.APIDeleteDelegate)
	// Readiness: hotels, and every going delegate's checks (the delegate's own fields and hotel_booking
	// are in the delegate JSON above)
	readinessAPI.Get("/missions/:id/readiness", h.APIReadiness)
	readinessAPI.Get("/missions/:id/hotels", h.APIHotels)
	readinessAPI.Post("/missions/:id/hotels", h.APICreateHotel)
	readinessAPI.Get("/missions/:id/hotels/:hid", h.APIHotel)
	readinessAPI.Patch("/missions/:id/hotels/:hid", h.APIUpdateHotel)
	readinessAPI.Delete("/missions/:id/hotels/:hid", h.APIDeleteHotel)
	// Contacts, locations, programme, meetings and the scheduler
	staffAPI.Get("/contacts", h.APIContacts)
	staffAPI.Post("/contacts", h.APICreateContact)
	staffAPI.Get("/contacts/:cid", h.APIContact)
	staffAPI.Patch("/contacts/:cid", h.APIUpdateContact)
	staffAPI.Delete("/contacts/:cid", h.APIArchiveContact)
	staffAPI.Get("/missions/:id/locations", h.APILocations)
	staffAPI.Post("/missions/:id/locations", h.APICreateLocation)
	staffAPI.Get("/missions/:id/programme", h.APIProgramme)
	staffAPI.Post("/missions/:id/programme", h.APICreateProgrammeItem)
	staffAPI.Get("/missions/:id/meetings", h.APIMeetings)
	staffAPI.Post("/missions/:id/meetings", h.APICreateMeeting)
	staffAPI.Post("/missions/:id/schedule", h.APISchedule)
	staffAPI.Get("/meetings/:mid", h.APIMeeting)
	staffAPI.Patch("/meetings/:mid", h.APIUpdateMeeting)
	staffAPI.Delete("/meetings/:mid", h.APICancelMeeting)
	staffAPI.Put("/meetings/:mid/outcome", h.APIRecordOutcome)
	// The mission report and export wins
	staffAPI.Get("/missions/:id/report", h.APIMissionReport)
	staffAPI.Get("/missions/:id/export-wins", h.APIExportWins)
	staffAPI.Get("/missions/:id/follow-ups", h.APIFollowUps)
	// Itineraries and delegate invitations
	staffAPI.Get("/registrations/:rid/itinerary", h.Kept, h.APIItinerary)
	staffAPI.Post("/delegates/:did/invitation", h.APIInviteDelegate)

	// Actions that cannot be undone are confirmed first: a GET of the action's address shows "Are you
	// sure?" with a form that posts to it (handlers/confirm.go).

	// Signing in and out
	web.Get("/", h.Home)
	web.Get("/login", h.LoginForm)
	web.Post("/login", h.Login)
	web.Post("/logout", h.Logout)
	// The accessibility statement and the privacy notice, open to everyone (linked from every footer)
	web.Get("/accessibility", h.Accessibility)
	web.Get("/privacy", h.PrivacyNotice)
	// Everyone's own account
	account := web.with(h.RequireUser)
	account.Get("/account", h.Account)
	account.Get("/account/password", h.AccountPasswordForm)
	account.Post("/account/password", h.ChangeAccountPassword)
	account.Post("/account/sessions/end", h.EndAllSessions)
	// Invitation links, and the pages of a signed-in delegate
	web.Get("/invitations/:token", h.InvitationForm)
	web.Post("/invitations/:token", h.AcceptInvitation)
	// Follow-up surveys: the secret token in the address is the credential, as for invitations.
	web.Get("/follow-up/:survey", h.FollowUpForm)
	web.Post("/follow-up/:survey", h.SaveFollowUp)
	my := web.with(h.RequireDelegate)
	my.Get("/my/itinerary", h.Kept, h.MyItinerary)
	my.Get("/my/itinerary.xlsx", h.ExportSlot, h.MyItineraryXLSX)
	my.Post("/my/calendar", h.MyCalendar)
	my.Get("/my/details", h.MyDetailsForm)
	my.Post("/my/details", h.MyDetails)
	my.Get("/my/travel", h.MyTravel)
	my.Get("/my/travel/new", h.MyTravelNew)
	my.Post("/my/travel", h.MyTravelCreate)
	my.Get("/my/travel/:sid/edit", h.MyTravelEdit)
	my.Post("/my/travel/:sid", h.MyTravelUpdate)
	my.Get("/my/travel/:sid/delete", h.ConfirmMyTravelDelete)
	my.Post("/my/travel/:sid/delete", h.MyTravelDelete)
	my.Get("/my/meetings/:mid/outcome", h.MyMeetingOutcome)
	my.Post("/my/meetings/:mid/outcome", h.SaveMyMeetingOutcome)
	my.Get("/my/documents", h.MyDocuments)
	my.Post("/my/documents", h.SaveMyDocuments)
	my.Get("/my/notifications", h.MyNotifications)
	my.Post("/my/notifications", h.SaveMyNotifications)

	// Staff pages
	staff.Get("/missions", h.Missions)
	staff.Get("/missions/new", h.NewMission)
	staff.Post("/missions", h.CreateMission)
	staff.Get("/missions/:id", h.Kept, h.ShowMission)
	staff.Get("/missions/:id/edit", h.EditMission)
	staff.Get("/missions/:id/check", h.TimetableCheck)
	staff.Post("/missions/:id", h.UpdateMission)
	// Registrations, delegates, travel, import and export
	staff.Get("/missions/:id/registrations.xlsx", h.ExportSlot, h.ExportRegistrations)
	staff.Get("/missions/:id/registrations", h.Kept, h.Registrations)
	staff.Get("/missions/:id/registrations/new", h.NewRegistration)
	staff.Post("/missions/:id/registrations/new", h.CreateRegistration)
	staff.Get("/missions/:id/registrations/import", h.RegistrationImportForm)
	staff.Post("/missions/:id/registrations/import", h.ImportRegistrations)
	staff.Get("/missions/:id/registrations/import/template.xlsx", h.RegistrationImportTemplate)
	staff.Get("/missions/:id/registrations/:rid", h.ShowRegistration)
	staff.Post("/missions/:id/registrations/:rid", h.UpdateRegistration)
	staff.Get("/missions/:id/registrations/:rid/edit", h.EditRegistration)
	staff.Get("/missions/:id/registrations/:rid/firm", h.EditFirm)
	staff.Post("/missions/:id/registrations/:rid/firm", h.UpdateFirm)
	staff.Get("/missions/:id/registrations/:rid/status", h.ConfirmRegistrationStatus)
	staff.Post("/missions/:id/registrations/:rid/status", h.ChangeRegistrationStatus)
	staff.Get("/missions/:id/registrations/:rid/delegates/new", h.NewDelegate)
	staff.Post("/missions/:id/registrations/:rid/delegates", h.CreateDelegate)
	staff.Get("/missions/:id/registrations/:rid/delegates/:did/edit", h.EditDelegate)
	staff.Post("/missions/:id/registrations/:rid/delegates/:did", h.UpdateDelegate)
	staff.Get("/missions/:id/registrations/:rid/delegates/:did/delete", h.ConfirmDeleteDelegate)
	staff.Post("/missions/:id/registrations/:rid/delegates/:did/delete", h.DeleteDelegate)
	staff.Get("/missions/:id/registrations/:rid/delegates/:did/travel/new", h.NewTravel)
	staff.Post("/missions/:id/registrations/:rid/delegates/:did/travel", h.CreateTravel)
	staff.Get("/missions/:id/registrations/:rid/delegates/:did/travel/:sid/edit", h.EditTravel)
	staff.Post("/missions/:id/registrations/:rid/delegates/:did/travel/:sid", h.UpdateTravel)
	staff.Get("/missions/:id/registrations/:rid/delegates/:did/travel/:sid/delete", h.ConfirmDeleteTravel)
	staff.Post("/missions/:id/registrations/:rid/delegates/:did/travel/:sid/delete", h.DeleteTravel)
	// Readiness: travel documents, hotels, the board, the emergency roster and the rooming list
	readiness.Get("/missions/:id/registrations/:rid/delegates/:did/documents", h.EditDelegateDocuments)
	readiness.Post("/missions/:id/registrations/:rid/delegates/:did/documents", h.SaveDelegateDocuments)
	readiness.Get("/missions/:id/readiness", h.Readiness)
	readiness.Post("/missions/:id/readiness/remind", h.RemindMissing)
	readiness.Get("/missions/:id/roster", h.Roster)
	readiness.Get("/missions/:id/roster.xlsx", h.ExportSlot, h.RosterXLSX)
	readiness.Get("/missions/:id/rooming-list.xlsx", h.ExportSlot, h.RoomingListXLSX)
	readiness.Get("/missions/:id/hotels", h.Hotels)
	readiness.Post("/missions/:id/hotels", h.CreateHotel)
	readiness.Get("/missions/:id/hotels/:hid/edit", h.EditHotel)
	readiness.Post("/missions/:id/hotels/:hid", h.UpdateHotel)
	readiness.Get("/missions/:id/hotels/:hid/delete", h.ConfirmDeleteHotel)
	readiness.Post("/missions/:id/hotels/:hid/delete", h.DeleteHotel)
	// Contacts, locations, programme, meetings, matchmaking and the scheduler
	staff.Get("/contacts", h.Contacts)
	staff.Get("/contacts/new", h.NewContact)
	staff.Post("/contacts", h.CreateContact)
	staff.Get("/contacts/import", h.ContactImportForm)
	staff.Post("/contacts/import", h.ImportContacts)
	staff.Get("/contacts/import/template", h.ContactImportTemplate)
	staff.Get("/contacts/:cid", h.ShowContact)
	staff.Get("/contacts/:cid/edit", h.EditContact)
	staff.Post("/contacts/:cid", h.UpdateContact)
	staff.Get("/contacts/:cid/archive", h.ConfirmArchiveContact)
	staff.Post("/contacts/:cid/archive", h.ArchiveContact)
	staff.Post("/contacts/:cid/restore", h.RestoreContact)
	staff.Get("/missions/:id/contacts/:cid/availability", h.ContactAvailabilityForm)
	staff.Post("/missions/:id/contacts/:cid/availability", h.SaveContactAvailability)
	staff.Get("/missions/:id/locations", h.Locations)
	staff.Post("/missions/:id/locations", h.CreateLocation)
	staff.Get("/missions/:id/locations/:lid/edit", h.EditLocation)
	staff.Post("/missions/:id/locations/:lid", h.UpdateLocation)
	staff.Get("/missions/:id/locations/:lid/delete", h.ConfirmDeleteLocation)
	staff.Post("/missions/:id/locations/:lid/delete", h.DeleteLocation)
	staff.Post("/missions/:id/travel", h.SaveTravelRules)
	staff.Post("/missions/:id/travel-times", h.SaveTravelTime)
	staff.Get("/missions/:id/travel-times/:tid/delete", h.ConfirmDeleteTravelTime)
	staff.Post("/missions/:id/travel-times/:tid/delete", h.DeleteTravelTime)
	staff.Get("/missions/:id/programme", h.Programme)
	staff.Post("/missions/:id/programme", h.CreateProgrammeItem)
	staff.Get("/missions/:id/programme/:pid/edit", h.EditProgrammeItem)
	staff.Post("/missions/:id/programme/:pid", h.UpdateProgrammeItem)
	staff.Get("/missions/:id/programme/:pid/delete", h.ConfirmDeleteProgrammeItem)
	staff.Post("/missions/:id/programme/:pid/delete", h.DeleteProgrammeItem)
	staff.Get("/missions/:id/meetings", h.Kept, h.Meetings)
	staff.Get("/missions/:id/meetings/new", h.NewMeeting)
	staff.Get("/missions/:id/meetings/grid", h.MeetingsGrid)
	staff.Post("/missions/:id/meetings", h.CreateMeeting)
	staff.Get("/missions/:id/meetings/:mid", h.ShowMeeting)
	staff.Post("/missions/:id/meetings/:mid/reschedule", h.RescheduleMeeting)
	staff.Get("/missions/:id/meetings/:mid/cancel", h.ConfirmCancelMeeting)
	staff.Post("/missions/:id/meetings/:mid/cancel", h.CancelMeeting)
	staff.Post("/missions/:id/meetings/:mid/lock", h.LockMeeting)
	staff.Post("/missions/:id/meetings/:mid/outcome", h.RecordMeetingOutcome)
	staff.Get("/missions/:id/outcomes", h.OutcomesDue)
	// The mission report and the export for the agency's CRM
	staff.Get("/missions/:id/report", h.MissionReport)
	staff.Get("/missions/:id/report.xlsx", h.MissionReportXLSX)
	staff.Get("/missions/:id/interactions.csv", h.InteractionsCSV)
	staff.Get("/missions/:id/follow-ups", h.FollowUps)
	staff.Post("/missions/:id/follow-ups/settings", h.SaveFollowUpMonths)
	staff.Post("/missions/:id/follow-ups/:fuid/resend", h.ResendFollowUp)
	staff.Get("/missions/:id/follow-ups/rounds/:roundid/close", h.ConfirmCloseFollowUpRound)
	staff.Post("/missions/:id/follow-ups/rounds/:roundid/close", h.CloseFollowUpRound)
	staff.Get("/missions/:id/registrations/:rid/suggestions", h.Suggestions)
	staff.Post("/missions/:id/registrations/:rid/suggestions", h.CreateMeetingRequests)
	staff.Get("/missions/:id/schedule", h.SchedulePreview)
	staff.Post("/missions/:id/schedule", h.PublishSchedule)
	// Itineraries, workbooks, calendar feeds and invitations
	staff.Get("/missions/:id/registrations/:rid/itinerary", h.Kept, h.StaffItinerary)
	staff.Get("/missions/:id/registrations/:rid/itinerary.xlsx", h.ExportSlot, h.ItineraryXLSX)
	staff.Post("/missions/:id/registrations/:rid/feeds", h.CreateCalendarFeed)
	staff.Get("/missions/:id/registrations/:rid/feeds/:fid/revoke", h.ConfirmRevokeCalendarFeed)
	staff.Post("/missions/:id/registrations/:rid/feeds/:fid/revoke", h.RevokeCalendarFeed)
	staff.Post("/missions/:id/registrations/:rid/delegates/:did/invitation", h.InviteDelegate)
	staff.Get("/missions/:id/schedule.xlsx", h.ExportSlot, h.ScheduleXLSX)
	staff.Get("/missions/:id/itineraries.zip", h.ExportSlot, h.ItinerariesZip)
	// Messages: the outbox, holding a mission's sending, retrying or sending a message now
	staff.Get("/missions/:id/notifications", h.MissionNotifications)
	staff.Post("/missions/:id/notifications/hold", h.HoldNotifications)
	staff.Post("/missions/:id/notifications/release", h.ReleaseNotifications)
	staff.Get("/missions/:id/notifications/:nid", h.ShowNotification)
	staff.Post("/missions/:id/notifications/:nid/retry", h.RetryNotification)
	staff.Post("/missions/:id/notifications/:nid/send", h.RetryNotification)

	// Admin pages
	admin.Get("/admin/users", h.Users)
	admin.Get("/admin/users/new", h.NewUser)
	admin.Post("/admin/users", h.CreateUser)
	admin.Get("/admin/users/:uid/password", h.PasswordForm)
	admin.Post("/admin/users/:uid/password", h.ResetPassword)
	admin.Post("/admin/users/:uid/disable", h.DisableUser)
	admin.Post("/admin/users/:uid/enable", h.EnableUser)
	admin.Get("/admin/audit", h.AuditLog)
	admin.Get("/admin/notifications", h.AdminNotifications)
	admin.Get("/admin/notifications/:nid", h.ShowNotification)
	admin.Post("/admin/notifications/:nid/retry", h.RetryNotification)
	admin.Post("/admin/notifications/:nid/send", h.RetryNotification)
	// Privacy requests: what is held about a person, its download, and erasure
	admin.Get("/admin/privacy", h.PrivacyRequests)
	admin.Get("/admin/privacy/export.json", h.PrivacyExportJSON)
	admin.Get("/admin/privacy/export.xlsx", h.PrivacyExportXLSX)
	admin.Get("/admin/privacy/erase", h.ConfirmErasure)
	admin.Post("/admin/privacy/erase", h.Erase)
}

// guarded registers routes behind a fixed list of middleware (session, CSRF, who may enter).
type guarded struct {
	router fiber.Router
	guards []fiber.Handler
}

func (g guarded) with(more ...fiber.Handler) guarded {
	return guarded{g.router, append(slices.Clone(g.guards), more...)}
}

func (g guarded) chain(h []fiber.Handler) []fiber.Handler {
	return append(slices.Clone(g.guards), h...)
}

func (g guarded) Get(path string, h ...fiber.Handler)    { g.router.Get(path, g.chain(h)...) }
func (g guarded) Post(path string, h ...fiber.Handler)   { g.router.Post(path, g.chain(h)...) }
func (g guarded) Patch(path string, h ...fiber.Handler)  { g.router.Patch(path, g.chain(h)...) }
func (g guarded) Put(path string, h ...fiber.Handler)    { g.router.Put(path, g.chain(h)...) }
func (g guarded) Delete(path string, h ...fiber.Handler) { g.router.Delete(path, g.chain(h)...) }
