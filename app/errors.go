package app

import (
	"context"
	"database/sql/driver"
	"errors"
	"log/slog"
	"net"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/missionplanner/missionplanner/handlers"
	"github.com/missionplanner/missionplanner/models"
)

// errorPage renders a plain error page for the browser; the handlers' templates are not used so that an
// error in rendering cannot loop.
type errorPage func(c *fiber.Ctx, status int, title, message string) error

// errorHandler is the one place errors become responses: not found → 404, invalid input → 422, a clash
// or a full mission → 409, the database gone → 503 with Retry-After, anything else → a logged 500 that
// shows nothing of the cause.
func errorHandler(log *slog.Logger, page errorPage) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		api := strings.HasPrefix(c.Path(), "/api/")
		var (
			fe       models.FieldErrors
			conflict *models.ConflictError
			breaks   *models.BreaksMeetingsError
			fiberErr *fiber.Error
		)
		switch {
		case errors.Is(err, handlers.ErrFormExpired):
			return page(c, fiber.StatusForbidden, "Your form has expired", "Go back, reload the page and send the form again.")
		case errors.As(err, &fe):
			if api {
				return c.Status(fiber.StatusUnprocessableEntity).JSON(fiber.Map{"errors": fe})
			}
			return page(c, fiber.StatusUnprocessableEntity, "There is a problem", fe.First())
		case errors.As(err, &breaks):
			// A change that would break scheduled meetings: nothing was saved; the answer lists them.
			if api {
				meetings := breaks.Meetings
				if meetings == nil {
					meetings = []models.AffectedMeeting{}
				}
				return c.Status(fiber.StatusConflict).JSON(fiber.Map{"errors": models.FieldErrors{breaks.Field(): breaks.Error()}, "meetings": meetings})
			}
			return page(c, fiber.StatusConflict, "That change affects scheduled meetings", breaks.Error())
		case errors.As(err, &conflict):
			if api {
				return c.Status(fiber.StatusConflict).JSON(fiber.Map{"errors": conflict.Errors})
			}
			return page(c, fiber.StatusConflict, "That cannot be done now", conflict.Errors.First())
		case errors.Is(err, models.ErrNotFound):
			return respond(c, api, page, fiber.StatusNotFound, "Page not found", "If you typed the web address, check it is correct.")
		case errors.As(err, &fiberErr):
			switch fiberErr.Code {
			case fiber.StatusNotFound:
				return respond(c, api, page, fiberErr.Code, "Page not found", "If you typed the web address, check it is correct.")
			case fiber.StatusForbidden:
				return respond(c, api, page, fiberErr.Code, "You cannot see this page", "Your account does not give you access to it.")
			case fiber.StatusRequestEntityTooLarge:
				return respond(c, api, page, fiberErr.Code, "The upload is too large", "Files must be smaller than 10 MB.")
			case fiber.StatusRequestHeaderFieldsTooLarge:
				return respond(c, api, page, fiberErr.Code, "The request's headers are too large", "Clear this site's cookies and try again.")
			case fiber.StatusMethodNotAllowed:
				return respond(c, api, page, fiberErr.Code, "Method not allowed", "This address does not accept that request.")
			}
			if fiberErr.Code < 500 {
				return respond(c, api, page, fiberErr.Code, "There is a problem with the request", fiberErr.Message)
			}
		case databaseUnavailable(err):
			log.Error("database unavailable", "method", c.Method(), "path", c.Path(), "err", err)
			c.Set(fiber.HeaderRetryAfter, "30")
			return respond(c, api, page, fiber.StatusServiceUnavailable, "Sorry, the service is unavailable", "The database cannot be reached. Try again in a few minutes.")
		case errors.Is(err, context.Canceled):
			return nil
		case errors.Is(err, models.ErrBusy):
			// Every password-hashing slot stayed busy (a burst of sign-ins): come back in a moment.
			c.Set(fiber.HeaderRetryAfter, "5")
			return respond(c, api, page, fiber.StatusServiceUnavailable, "Sorry, the service is busy", "Too many passwords are being checked at once. Try again in a few seconds.")
		case untypeableText(err):
			// A backstop: models check text before it is written, but a lookup (a search, a sign-in)
			// may still carry bytes PostgreSQL refuses.
			msg := "Text must be valid UTF-8 without NUL characters"
			if api {
				return c.Status(fiber.StatusUnprocessableEntity).JSON(fiber.Map{"errors": models.FieldErrors{"request": msg}})
			}
			return page(c, fiber.StatusUnprocessableEntity, "There is a problem", msg)
		}
		log.Error("request failed", "method", c.Method(), "path", c.Path(), "err", err)
		return respond(c, api, page, fiber.StatusInternalServerError, "Sorry, there is a problem with the service", "Try again later.")
	}
}

func respond(c *fiber.Ctx, api bool, page errorPage, status int, title, message string) error {
	if api {
		return c.Status(status).JSON(fiber.Map{"errors": fiber.Map{"request": title}})
	}
	return page(c, status, title, message)
}

// untypeableText is PostgreSQL refusing a NUL or invalid UTF-8 (SQLSTATE 22021, 22P05).
func untypeableText(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "22021" || pgErr.Code == "22P05")
}

// databaseUnavailable tells a lost connection from a failed query: only the first is a 503.
func databaseUnavailable(err error) bool {
	var netErr net.Error
	var connErr *pgconn.ConnectError
	if errors.Is(err, driver.ErrBadConn) || errors.As(err, &netErr) || errors.As(err, &connErr) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// class 08: connection exception; 57P01-03: admin shutdown, crash shutdown, cannot connect now
		return strings.HasPrefix(pgErr.Code, "08") || strings.HasPrefix(pgErr.Code, "57P")
	}
	msg := err.Error()
	return strings.Contains(msg, "connection refused") || strings.Contains(msg, "failed to connect") || strings.Contains(msg, "conn closed") || strings.Contains(msg, "unexpected EOF") || strings.Contains(msg, "database is closed")
}
