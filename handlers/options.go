package handlers

import "github.com/missionplanner/missionplanner/models"

// Choices for select lists and radios, built from models.

// registrationOptions are a mission's registrations as choices, labelled with the firm's name.
func registrationOptions(regs []models.Registration, onlyActive bool) []models.Option {
	var out []models.Option
	for i := range regs {
		r := &regs[i]
		if onlyActive && !r.CanMeet() {
			continue
		}
		out = append(out, models.Option{Code: idString(r.ID), Label: models.RegistrationLabel(r)})
	}
	return out
}

// locationOptions are a mission's locations as choices.
func locationOptions(locs []models.Location) []models.Option {
	out := make([]models.Option, len(locs))
	for i, l := range locs {
		out[i] = models.Option{Code: idString(l.ID), Label: l.Name + " (" + l.City + ")"}
	}
	return out
}

// contactOptions are contacts as choices, labelled with their name, organisation and city.
func contactOptions(contacts []models.Contact) []models.Option {
	out := make([]models.Option, len(contacts))
	for i, ct := range contacts {
		label := ct.FullName + " (" + ct.Organisation
		if ct.City != "" {
			label += ", " + ct.City
		}
		out[i] = models.Option{Code: idString(ct.ID), Label: label + ")"}
	}
	return out
}

// dayOptions are the mission's days as choices.
func dayOptions(m *models.Mission) []models.Option {
	var out []models.Option
	for _, d := range m.Days() {
		out = append(out, models.Option{Code: d.String(), Label: d.Label()})
	}
	return out
}

// optionLabels are the labels of a list, in its order.
func optionLabels(list []models.Option) []string {
	out := make([]string, len(list))
	for i, o := range list {
		out[i] = o.Label
	}
	return out
}
