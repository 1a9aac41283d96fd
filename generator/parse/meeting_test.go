package parse

import (
	"testing"

	"github.com/wrapup/wrapup/generator/model"
)

func TestMeetingSplit(t *testing.T) {
	tests := []struct {
		src  string
		want model.MeetingSplit
	}{
		{"title: x\n", model.MeetingSplit{WentWell: 10, WentWrong: 10, NextTime: 10}},
		{"meeting:\n", model.MeetingSplit{WentWell: 10, WentWrong: 10, NextTime: 10}},
		{"meeting: {went_well: 5, went_wrong: 15, next_time: 10}\n", model.MeetingSplit{WentWell: 5, WentWrong: 15, NextTime: 10}},
		{"meeting:\n  went_wrong: 20\n", model.MeetingSplit{WentWell: 10, WentWrong: 20, NextTime: 10}},
	}
	for _, tt := range tests {
		cfg, diags := Config("wrapup.yaml", []byte(tt.src))
		if len(diags) != 0 {
			t.Errorf("%q: %v", tt.src, texts(diags))
		}
		if cfg.Meeting != tt.want {
			t.Errorf("%q: meeting %+v, want %+v", tt.src, cfg.Meeting, tt.want)
		}
	}
}

func TestMeetingSplitErrors(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"meeting: 30\n", "wrapup.yaml:1:10: meeting must map agenda items to minutes, not a single value"},
		{"meeting: [10, 10, 10]\n", "wrapup.yaml:1:10: meeting must map agenda items to minutes, not a list"},
		{"title: x\nmeeting:\n  went_wel: 10\n", `wrapup.yaml:3:3: unknown meeting item "went_wel" (did you mean went_well?)`},
		{"meeting:\n  went_well: ten\n", `wrapup.yaml:2:14: meeting went_well must be a whole number of minutes from 1 to 240, not "ten"`},
		{"meeting:\n  next_time: 0\n", `wrapup.yaml:2:14: meeting next_time must be a whole number of minutes`},
		{"meeting:\n  next_time: 7.5\n", `wrapup.yaml:2:14: meeting next_time must be a whole number of minutes`},
		{"meeting:\n  went_wrong: [1]\n", `wrapup.yaml:2:15: meeting went_wrong must be a whole number of minutes from 1 to 240, not "a list"`},
		{"meting: {went_well: 5}\n", `wrapup.yaml:1:1: unknown key "meting" (did you mean meeting?)`},
	}
	for _, tt := range tests {
		cfg, diags := Config("wrapup.yaml", []byte(tt.src))
		wantDiag(t, diags, tt.want)
		if cfg.Meeting.Total() != 30 {
			t.Errorf("%q: a bad split must keep the defaults, got %+v", tt.src, cfg.Meeting)
		}
	}
}
