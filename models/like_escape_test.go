package models

import "testing"

func TestLikeEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"acme", "acme"},
		{"100%", `100\%`},
		{"a_b", `a\_b`},
		{`c:\temp`, `c:\\temp`},
	}
	for _, tt := range tests {
		if got := likeEscape(tt.in); got != tt.want {
			t.Errorf("likeEscape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
