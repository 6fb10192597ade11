package handlers

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// RequireToken authenticates a JSON API request by its bearer token. The session cookie is never
// accepted here, which is why the API needs no CSRF token.
func (h *Handler) RequireToken(c *fiber.Ctx) error {
	// The scheme is case-insensitive (RFC 9110 §11.1): "bearer" and "BEARER" are Bearer too.
	scheme, token, _ := strings.Cut(strings.TrimSpace(c.Get(fiber.HeaderAuthorization)), " ")
	if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="missionplanner"`)
		return apiError(c, fiber.StatusUnauthorized, "token", "Send an API token in the Authorization header: Bearer <token>")
	}
	u, err := h.Store.UserByAPIToken(c.UserContext(), strings.TrimSpace(token), h.Now())
	if errors.Is(err, models.ErrNotFound) {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="missionplanner", error="invalid_token"`)
		return apiError(c, fiber.StatusUnauthorized, "token", "The API token is not valid")
	}
	if err != nil {
		return err
	}
	c.Locals("user", u)
	return c.Next()
}

// RequireStaffToken lets only staff and admin tokens through.
func (h *Handler) RequireStaffToken(c *fiber.Ctx) error {
	if !currentUser(c).IsStaff() {
		return apiError(c, fiber.StatusForbidden, "token", "This API token's user may not do this")
	}
	return c.Next()
}

// RequireStaffTokenPrivate is RequireStaffToken for the API's readiness routes: another token's user
// gets 404, as for an address that does not exist (see RequireStaffPrivate).
func (h *Handler) RequireStaffTokenPrivate(c *fiber.Ctx) error {
	if !currentUser(c).IsStaff() {
		return fiber.ErrNotFound
	}
	return c.Next()
}

// readOnlyKeys are keys the API writes but no client sets. Input structs embed them so that an object
// read from the API can be sent back as it is: they are accepted and ignored, while any other unknown
// key is refused.
type readOnlyKeys struct {
	ID        *json.RawMessage `json:"id"`
	CreatedAt *json.RawMessage `json:"created_at"`
	UpdatedAt *json.RawMessage `json:"updated_at"`
}

// apiError answers {"errors": {field: message}} with status.
func apiError(c *fiber.Ctx, status int, field, msg string) error {
	return c.Status(status).JSON(fiber.Map{"errors": models.FieldErrors{field: msg}})
}

// apiList answers a page of items in the list envelope.
func apiList[T any](c *fiber.Ctx, items []T, total int64) error {
	if items == nil {
		items = []T{}
	}
	return c.JSON(fiber.Map{"items": items, "total": total})
}

// pageFromQuery reads page and per_page.
func pageFromQuery(c *fiber.Ctx) models.Page {
	p, _ := strconv.Atoi(c.Query("page"))
	pp, _ := strconv.Atoi(c.Query("per_page"))
	return models.Page{Page: p, PerPage: pp}.Normalise()
}

// decodeJSON reads the request body into v, refusing malformed JSON and unknown fields with 422.
// It returns the raw keys present, so PATCH can tell "absent" from "empty".
func decodeJSON(c *fiber.Ctx, v any) (map[string]json.RawMessage, error) {
	body := c.Body()
	// encoding/json would quietly turn invalid UTF-8 (and escaped lone surrogates) into U+FFFD: refuse
	// them instead, so what is stored is what was sent.
	if !utf8.Valid(body) {
		return nil, models.FieldErrors{"body": "The request body is not valid UTF-8 text"}
	}
	if hasLoneSurrogate(body) {
		return nil, models.FieldErrors{"body": "The request body escapes half of a surrogate pair (\\uD800 to \\uDFFF), which is not text"}
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, models.FieldErrors{"body": "Send a JSON object"}
	}
	if b, err := readTimetableChoice(c, raw); err != nil {
		return nil, err
	} else if b != nil {
		body = b
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var ute *json.UnmarshalTypeError
		switch {
		case errors.As(err, &ute) && ute.Field != "":
			return nil, models.FieldErrors{ute.Field: "Has the wrong type: expected " + ute.Type.String()}
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return nil, models.FieldErrors{f: "Is not a field of this resource"}
		default:
			return nil, models.FieldErrors{"body": jsonProblem(err)}
		}
	}
	return raw, nil
}

// hasLoneSurrogate reports whether a JSON text escapes half of a surrogate pair (\uD800–\uDFFF
// without its other half), which encoding/json would quietly turn into U+FFFD.
func hasLoneSurrogate(body []byte) bool {
	inString := false
	pendingHigh := false
	for i := 0; i < len(body); i++ {
		ch := body[i]
		if !inString {
			inString = ch == '"'
			continue
		}
		switch ch {
		case '"':
			if pendingHigh {
				return true
			}
			inString = false
		case '\\':
			if i+1 < len(body) && body[i+1] == 'u' && i+5 < len(body) {
				n, err := strconv.ParseUint(string(body[i+2:i+6]), 16, 16)
				i += 5
				if err != nil {
					continue // malformed: the decoder reports it
				}
				switch {
				case n >= 0xD800 && n <= 0xDBFF:
					if pendingHigh {
						return true
					}
					pendingHigh = true
				case n >= 0xDC00 && n <= 0xDFFF:
					if !pendingHigh {
						return true
					}
					pendingHigh = false
				default:
					if pendingHigh {
						return true
					}
				}
				continue
			}
			if pendingHigh {
				return true
			}
			i++ // an escaped character
		default:
			if pendingHigh {
				return true
			}
		}
	}
	return pendingHigh
}

func jsonProblem(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "must be"); i >= 0 {
		return "Value " + msg[i:]
	}
	return "Send a valid JSON object"
}
