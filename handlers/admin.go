package handlers

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

var userFieldOrder = []string{"name", "email", "role", "password", "password_confirmation"}

// Users lists the staff accounts.
func (h *Handler) Users(c *fiber.Ctx) error {
	users, err := h.Store.StaffUsers(c.UserContext())
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "admin/users", View{"Title": "Staff accounts", "Users": users})
}

// NewUser shows the form to add a staff account.
func (h *Handler) NewUser(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "admin/user_form", View{"Title": "Add a staff account", "F": map[string]string{"role": "staff"}})
}

// CreateUser adds a staff or admin account with a password an admin sets and passes on.
func (h *Handler) CreateUser(c *fiber.Ctx) error {
	f := map[string]string{"name": form(c, "name"), "email": form(c, "email"), "role": form(c, "role")}
	password, confirmation := c.FormValue("password"), c.FormValue("password_confirmation")
	errs := models.ValidatePassword(password, confirmation, f["email"], f["name"])
	u := models.User{Name: f["name"], Email: f["email"], Role: f["role"]}
	if u.Role != "admin" && u.Role != "staff" {
		errs.Add("role", "Select whether this is a staff or admin account")
	}
	for k, v := range models.Validate(&u) {
		errs.Add(k, v)
	}
	err := errs.Err()
	if err == nil {
		err = h.Store.CreateUser(c.UserContext(), currentUser(c), &u, password)
	}
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.render(c, fiber.StatusUnprocessableEntity, "admin/user_form", View{"Title": "Add a staff account", "F": f, "Errors": fe, "Order": userFieldOrder})
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, "/admin/users", "Account added for "+u.Email)
}

// PasswordForm shows the form to reset a user's password.
func (h *Handler) PasswordForm(c *fiber.Ctx) error {
	u, err := h.userParam(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "admin/password", View{"Title": "Reset password for " + u.Name, "Account": u})
}

// ResetPassword sets a new password for a user and clears any lockout.
func (h *Handler) ResetPassword(c *fiber.Ctx) error {
	u, err := h.userParam(c)
	if err != nil {
		return err
	}
	password, confirmation := c.FormValue("password"), c.FormValue("password_confirmation")
	errs := models.ValidatePassword(password, confirmation, u.Email, u.Name)
	err = errs.Err()
	if err == nil {
		err = h.Store.SetPassword(c.UserContext(), currentUser(c), u.ID, password)
	}
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.render(c, fiber.StatusUnprocessableEntity, "admin/password", View{"Title": "Reset password for " + u.Name, "Account": u, "Errors": fe, "Order": userFieldOrder})
	}
	if err != nil {
		return err
	}
	if me := currentUser(c); me.ID == u.ID { // an admin resetting their own password stays signed in here
		return h.continueSession(c, u.ID, "/admin/users", "Password reset for "+u.Email+". Your other sessions have ended.")
	}
	return h.redirectWithFlash(c, "/admin/users", "Password reset for "+u.Email+". Their sessions have ended.")
}

// DisableUser disables an account: its sessions end at their next request and its API tokens stop
// working. Delegates' accounts may be disabled too.
func (h *Handler) DisableUser(c *fiber.Ctx) error {
	return h.setDisabled(c, true)
}

// EnableUser lets a disabled account sign in again.
func (h *Handler) EnableUser(c *fiber.Ctx) error {
	return h.setDisabled(c, false)
}

func (h *Handler) setDisabled(c *fiber.Ctx, disabled bool) error {
	id, err := idParam(c, "uid")
	if err != nil {
		return err
	}
	u, err := h.Store.UserByID(c.UserContext(), id)
	if err != nil {
		return err
	}
	if err := h.Store.SetDisabled(c.UserContext(), currentUser(c), u.ID, disabled); err != nil {
		return err
	}
	h.Log.Info("account changed", "user_id", u.ID, "disabled", disabled)
	msg := "Account enabled: " + u.Email + " can sign in again"
	if disabled {
		msg = "Account disabled: " + u.Email + " is signed out everywhere and their API tokens no longer work"
	}
	return h.redirectWithFlash(c, "/admin/users", msg)
}

// AuditLog shows the audit trail, newest first, as people read it, filtered by mission, person, kind
// of record and days, a page at a time.
func (h *Handler) AuditLog(c *fiber.Ctx) error {
	ctx := c.UserContext()
	p := pageFromQuery(c)
	var f models.AuditFilter
	q := url.Values{}
	errs := models.FieldErrors{}
	if n, err := strconv.ParseUint(c.Query("mission_id"), 10, 32); err == nil && n > 0 {
		f.MissionID = uint(n)
		q.Set("mission_id", c.Query("mission_id"))
	}
	if v := strings.TrimSpace(c.Query("actor")); v != "" {
		f.Actor = strings.Clone(v)
		q.Set("actor", f.Actor)
	}
	if v := c.Query("entity"); models.InList(models.AuditEntities, v) {
		f.Entity = strings.Clone(v)
		q.Set("entity", f.Entity)
	}
	dates := map[string]DateInput{}
	for _, d := range []struct {
		field, label string
		dst          *models.Date
	}{{"from", "first day", &f.From}, {"to", "last day", &f.To}} {
		in := dateInput(c, d.field)
		dates[d.field] = in
		var msg string
		if *d.dst, msg = in.Parse(d.label); msg != "" {
			errs.Add(d.field, msg)
		} else if !in.Empty() {
			q.Set(d.field+"-day", in.Day)
			q.Set(d.field+"-month", in.Month)
			q.Set(d.field+"-year", in.Year)
		}
	}
	events, total, err := h.Store.AuditEvents(ctx, f, p)
	if err != nil {
		return err
	}
	lines, err := h.Store.DescribeAudit(ctx, events)
	if err != nil {
		return err
	}
	missions, _, err := h.Store.Missions(ctx, models.Page{Page: 1, PerPage: 500})
	if err != nil {
		return err
	}
	var missionOpts []models.Option
	for _, m := range missions {
		missionOpts = append(missionOpts, models.Option{Code: idString(m.ID), Label: m.Name})
	}
	actors, err := h.Store.AuditActors(ctx)
	if err != nil {
		return err
	}
	var actorOpts []models.Option
	for _, a := range actors {
		actorOpts = append(actorOpts, models.Option{Code: a, Label: a})
	}
	v := View{"Title": "Audit trail", "Lines": lines, "Total": total, "Page": p.Page, "Pages": p.Pages(total), "Query": q,
		"Filter": map[string]string{"mission_id": q.Get("mission_id"), "actor": f.Actor, "entity": f.Entity}, "Dates": dates,
		"MissionOptions": missionOpts, "ActorOptions": actorOpts, "EntityOptions": models.AuditEntities}
	status := fiber.StatusOK
	if len(errs) > 0 {
		v["Errors"], status = errs, fiber.StatusUnprocessableEntity
	}
	return h.render(c, status, "admin/audit", v)
}

func (h *Handler) userParam(c *fiber.Ctx) (*models.User, error) {
	id, err := idParam(c, "uid")
	if err != nil {
		return nil, err
	}
	u, err := h.Store.UserByID(c.UserContext(), id)
	if err == nil && !u.IsStaff() {
		return nil, models.ErrNotFound // delegates' accounts are not managed here
	}
	return u, err
}
