package parse

import (
	"strconv"
	"strings"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/model"
)

// meetingKeys are the agenda items of wrapup.yaml's meeting key, in the order
// the meeting takes them.
var meetingKeys = []string{"went_well", "went_wrong", "next_time"}

// maxMeetingMinutes bounds one agenda item: a longer one is a typo (600 for
// 60), not a meeting.
const maxMeetingMinutes = 240

// meetingSplit reads wrapup.yaml's meeting key, the minutes of each agenda
// item of the wrap-up meeting:
//
//	meeting: {went_well: 10, went_wrong: 15, next_time: 5}
//
// An item left out keeps its default; a problem is reported at its position
// and keeps the default for that item.
func (d *yamlDoc) meetingSplit(f field, split model.MeetingSplit, diags *diag.List) model.MeetingSplit {
	if isNull(f.value) {
		return split
	}
	values, isMapping := mappingValues(unwrap(f.value))
	if !isMapping {
		line, col := d.pos(f.value)
		diags.Errorf(d.path, line, col, "meeting must map agenda items to minutes, not %s: write e.g. meeting: {went_well: 10, went_wrong: 10, next_time: 10}", describe(f.value))
		return split
	}
	for _, mv := range values {
		if mv == nil || mv.Key == nil {
			continue
		}
		keyNode := keyOf(mv)
		key, _ := scalarText(keyNode)
		if !contains(meetingKeys, key) {
			line, col := d.pos(keyNode)
			diags.Errorf(d.path, line, col, "unknown meeting item %q%s: the items of the meeting are %s", key, didYouMean(key, meetingKeys), strings.Join(meetingKeys, ", "))
			continue
		}
		text, scalar := scalarText(mv.Value)
		line, col := d.pos(mv.Value)
		text = strings.TrimSpace(text)
		n, err := strconv.Atoi(text)
		if !scalar || err != nil || n < 1 || n > maxMeetingMinutes {
			shown := text
			if !scalar {
				shown = describe(mv.Value)
			}
			diags.Errorf(d.path, line, col, "meeting %s must be a whole number of minutes from 1 to %d, not %q: write e.g. %s: 10", key, maxMeetingMinutes, shown, key)
			continue
		}
		switch key {
		case "went_well":
			split.WentWell = n
		case "went_wrong":
			split.WentWrong = n
		case "next_time":
			split.NextTime = n
		}
	}
	return split
}
