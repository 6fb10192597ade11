package models

import (
	"fmt"
	"testing"
)

// TestWholePounds: values in pounds (outcome estimates, survey wins) are whole pounds from 0 to £1bn;
// anything else is refused with a message.
func TestWholePounds(t *testing.T) {
	tests := []struct {
		in   string
		want string // the value, "nil" for none, or "error"
	}{
		{"", "nil"}, {"  ", "nil"}, {"0", "0"}, {"25000", "25000"}, {"25,000", "25000"}, {"£25,000", "25000"}, {" £ 1,000,000,000 ", "1000000000"},
		{"1000000001", "error"}, {"99999999999999", "error"}, {"-1", "error"}, {"12.5", "error"}, {"1e6", "error"}, {"£", "error"},
		{"twelve", "error"}, {"0x10", "error"}, {"+5", "error"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			v, err := ParseGBP(tt.in)
			got := "nil"
			switch {
			case err != nil:
				got = "error"
				if err.Error() == "" {
					t.Error("an error without a message")
				}
			case v != nil:
				got = fmt.Sprint(*v)
			}
			if got != tt.want {
				t.Errorf("ParseGBP(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
	for _, tt := range []struct {
		v  int64
		ok bool
	}{{0, true}, {1, true}, {MaxValueGBP, true}, {MaxValueGBP + 1, false}, {-1, false}} {
		if err := CheckGBP(&tt.v); (err == nil) != tt.ok {
			t.Errorf("CheckGBP(%d) = %v, want ok %v", tt.v, err, tt.ok)
		}
	}
}

// TestFollowUpAnswerValues: a win needs a value for at least one year, each whole pounds 0 to £1bn, and
// whether it would have happened without the mission; another status keeps no values.
func TestFollowUpAnswerValues(t *testing.T) {
	tests := []struct {
		name   string
		lead   FollowUpLeadAnswer
		errors []string // fields with an error
	}{
		{"a win of £0 in year 1", FollowUpLeadAnswer{MeetingID: 7, Status: LeadStatusWin, Year1: "0", WithoutSupport: "same"}, nil},
		{"a win at the limit", FollowUpLeadAnswer{MeetingID: 7, Status: LeadStatusWin, Year3: "1,000,000,000", WithoutSupport: "later"}, nil},
		{"a win without a value", FollowUpLeadAnswer{MeetingID: 7, Status: LeadStatusWin, WithoutSupport: "later"}, []string{"lead-7-year1"}},
		{"a win over the limit", FollowUpLeadAnswer{MeetingID: 7, Status: LeadStatusWin, Year2: "1000000001", WithoutSupport: "later"}, []string{"lead-7-year1", "lead-7-year2"}},
		{"pence", FollowUpLeadAnswer{MeetingID: 7, Status: LeadStatusWin, Year1: "10.50", WithoutSupport: "later"}, []string{"lead-7-year1"}},
		{"a win without the counterfactual", FollowUpLeadAnswer{MeetingID: 7, Status: LeadStatusWin, Year1: "5"}, []string{"lead-7-without_support"}},
		{"values of a lead still in negotiation are dropped", FollowUpLeadAnswer{MeetingID: 7, Status: "in_negotiation", Year1: "nonsense"}, nil},
		{"an unknown status", FollowUpLeadAnswer{MeetingID: 7, Status: "won"}, []string{"lead-7-status"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			leads, _, errs := FollowUpAnswer{Leads: []FollowUpLeadAnswer{tt.lead}}.Check()
			if len(errs) != len(tt.errors) {
				t.Fatalf("errors %v, want on %v", errs, tt.errors)
			}
			for _, f := range tt.errors {
				if errs[f] == "" {
					t.Errorf("no error on %s: %v", f, errs)
				}
			}
			if len(errs) == 0 && tt.lead.Status != LeadStatusWin && (leads[0].Year1GBP != nil || leads[0].WithoutSupport != "") {
				t.Errorf("a %s lead kept win values: %+v", tt.lead.Status, leads[0])
			}
		})
	}
}
