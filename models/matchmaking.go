package models

import (
	"fmt"
	"sort"
	"strings"
)

// MatchFirm is what matchmaking needs to know about a registered firm.
type MatchFirm struct {
	RegistrationID uint
	Sector         string
	TargetSectors  []string
	WantsToMeet    []string // organisation types
}

// MatchContact is what matchmaking needs to know about a contact for this mission.
type MatchContact struct {
	ContactID                                    uint
	Name, Organisation, Sector, OrganisationType string
	AvailableMinutes                             int // availability overlapping the working hours
}

// Suggestion is a contact worth proposing to a firm, with the reasons in words.
type Suggestion struct {
	ContactID uint
	Score     int
	Reasons   []string
}

// Points behind a suggestion's score.
const (
	scoreTargetSector = 40
	scoreSameSector   = 25
	scoreWantsToMeet  = 30
	scorePerHourFree  = 1
	maxAvailableHours = 10
)

var organisationTypePlurals = map[string]string{
	"buyer":            "buyers",
	"distributor":      "distributors",
	"investor":         "investors",
	"partner":          "partners",
	"government":       "government bodies",
	"university":       "universities",
	"association":      "associations",
	"service_provider": "service providers",
}

func normCode(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// SectorLabel gives the words for a sector code ("agri_food" → "agri-food").
func SectorLabel(code string) string {
	if c := normCode(code); InList(Sectors, c) {
		return strings.ToLower(Label(Sectors, c))
	}
	return strings.ReplaceAll(strings.TrimSpace(code), "_", " ")
}

func organisationTypePlural(code string) string {
	if l, ok := organisationTypePlurals[normCode(code)]; ok {
		return l
	}
	return strings.ReplaceAll(strings.TrimSpace(code), "_", " ")
}

func hasCode(list []string, code string) bool {
	code = normCode(code)
	if code == "" {
		return false
	}
	for _, x := range list {
		if normCode(x) == code {
			return true
		}
	}
	return false
}

// SuggestContacts ranks contacts for a firm: a sector the firm targets, the firm's own
// sector, an organisation type it wants to meet, and hours available all add points.
// Contacts in already (meeting or requested) and contacts with no availability are left
// out. Order: score, then name, then id; at most limit (all when limit <= 0).
func SuggestContacts(f MatchFirm, contacts []MatchContact, already map[uint]bool, limit int) []Suggestion {
	type ranked struct {
		s    Suggestion
		name string
	}
	var out []ranked
	for _, c := range contacts {
		if already[c.ContactID] || c.AvailableMinutes <= 0 {
			continue
		}
		s := Suggestion{ContactID: c.ContactID}
		switch {
		case hasCode(f.TargetSectors, c.Sector):
			s.Score += scoreTargetSector
			s.Reasons = append(s.Reasons, "Sector match: "+SectorLabel(c.Sector))
		case normCode(f.Sector) != "" && normCode(f.Sector) == normCode(c.Sector):
			s.Score += scoreSameSector
			s.Reasons = append(s.Reasons, "Same sector as the firm: "+SectorLabel(c.Sector))
		}
		if hasCode(f.WantsToMeet, c.OrganisationType) {
			s.Score += scoreWantsToMeet
			s.Reasons = append(s.Reasons, "Wants to meet "+organisationTypePlural(c.OrganisationType))
		}
		hours := c.AvailableMinutes / 60
		s.Score += scorePerHourFree * min(hours, maxAvailableHours)
		if hours > 0 {
			s.Reasons = append(s.Reasons, fmt.Sprintf("Available %d h during the mission", hours))
		} else {
			s.Reasons = append(s.Reasons, fmt.Sprintf("Available %d min during the mission", c.AvailableMinutes))
		}
		out = append(out, ranked{s: s, name: strings.ToLower(c.Name)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.s.Score != b.s.Score {
			return a.s.Score > b.s.Score
		}
		if a.name != b.name {
			return a.name < b.name
		}
		return a.s.ContactID < b.s.ContactID
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	res := make([]Suggestion, len(out))
	for i, r := range out {
		res[i] = r.s
	}
	return res
}
