package models

import (
	"reflect"
	"strings"
	"testing"
)

func TestSuggestContacts(t *testing.T) {
	firm := MatchFirm{RegistrationID: 1, Sector: "digital_technology",
		TargetSectors: []string{"advanced_manufacturing"}, WantsToMeet: []string{"distributor"}}
	contacts := []MatchContact{
		{ContactID: 1, Name: "Zed Able", Sector: "advanced_manufacturing", OrganisationType: "distributor", AvailableMinutes: 720},
		{ContactID: 2, Name: "Ann Baker", Sector: "advanced_manufacturing", OrganisationType: "buyer", AvailableMinutes: 600},
		{ContactID: 3, Name: "Bob Cole", Sector: "agri_food", OrganisationType: "investor", AvailableMinutes: 0},
		{ContactID: 4, Name: "Cy Dunn", Sector: "Digital_Technology", OrganisationType: "buyer", AvailableMinutes: 45},
		{ContactID: 5, Name: "Ann Baker", Sector: "advanced_manufacturing", OrganisationType: "buyer", AvailableMinutes: 600},
		{ContactID: 6, Name: "Di Eve", Sector: "advanced_manufacturing", OrganisationType: "distributor", AvailableMinutes: 720},
	}
	tests := []struct {
		name    string
		already map[uint]bool
		limit   int
		want    []uint
	}{
		{"ranked, zero availability left out, ties by name then id", nil, 0, []uint{6, 1, 2, 5, 4}},
		{"already meeting left out", map[uint]bool{6: true, 2: true}, 0, []uint{1, 5, 4}},
		{"limit", nil, 2, []uint{6, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SuggestContacts(firm, contacts, tt.already, tt.limit)
			var ids []uint
			for _, s := range got {
				ids = append(ids, s.ContactID)
			}
			if !reflect.DeepEqual(ids, tt.want) {
				t.Fatalf("ids = %v, want %v (%+v)", ids, tt.want, got)
			}
		})
	}
	got := SuggestContacts(firm, contacts, nil, 1)[0]
	wantReasons := []string{"Sector match: advanced manufacturing", "Wants to meet distributors", "Available 12 h during the mission"}
	if !reflect.DeepEqual(got.Reasons, wantReasons) || got.Score != 40+30+10 {
		t.Fatalf("got %+v", got)
	}
	if r := SuggestContacts(firm, contacts, nil, 0)[4].Reasons; r[0] != "Same sector as the firm: digital technology" || r[1] != "Available 45 min during the mission" {
		t.Fatalf("reasons %v", r)
	}
}

func TestSectorLabel(t *testing.T) {
	tests := []struct{ code, want string }{
		{"agri_food", "agri-food"},
		{" Healthcare_Life_Sciences ", "healthcare and life sciences"},
		{"space_tourism", "space tourism"}, // not a sector we list: the code in words
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := SectorLabel(tt.code); got != tt.want {
				t.Errorf("SectorLabel(%q) = %q, want %q", tt.code, got, tt.want)
			}
		})
	}
	// Every listed sector reads as its label does on the forms, in lower case.
	for _, o := range Sectors {
		if got := SectorLabel(o.Code); got != strings.ToLower(o.Label) {
			t.Errorf("SectorLabel(%q) = %q, want %q", o.Code, got, strings.ToLower(o.Label))
		}
	}
}
