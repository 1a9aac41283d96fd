package parse

import (
	"testing"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/model"
)

// The body parser fills items; these tests give the checks that run on its
// result a window as it would, with the body text the handles come from.
func TestSpeakersNotInAttendees(t *testing.T) {
	bodySrc := "## Went wrong\n- Slow tests @lee\n- @kimberly? Nobody called @Kim\n  - I did, said @sam\n## Ideas\n- Call @kim\n"
	const firstLine = 12 // the body's first line in the file
	var diags diag.List
	w := &model.Window{
		Attendees: []string{"lee"},
		WentWrong: []model.Item{{People: []string{"lee"}, Line: 13}, {People: []string{"kim"}, More: &model.ItemMore{ReplyPeople: []string{"sam"}}, Line: 14}},
		Ideas:     []model.Item{{People: []string{"kim"}, Line: 17}},
		Tasks:     []model.Task{{Owners: []string{"zed"}, Line: 1}}, // owners need not attend
	}
	p := &windowParser{path: examplePath, w: w, diags: &diags}
	p.checkSpeakers(newHandleLocator([]byte(bodySrc), firstLine))
	wantDiag(t, diags, examplePath+":14:28: warning: kim speaks in went wrong but is not in attendees")
	wantDiag(t, diags, examplePath+":15:17: warning: sam speaks in went wrong but is not in attendees")
	wantDiag(t, diags, examplePath+":17:8: warning: kim speaks in ideas but is not in attendees")
	if len(diags) != 3 {
		t.Errorf("want 3 warnings, got %v", texts(diags))
	}
	for _, d := range diags {
		if d.Severity != diag.Warning {
			t.Errorf("not a warning: %s", d.Error())
		}
	}
}

func TestBodyPeopleNotInPeopleYAML(t *testing.T) {
	var diags diag.List
	w := &model.Window{
		Tasks:   []model.Task{{Owners: []string{"jnae"}, Line: 3, Steps: []model.Step{{Owners: []string{"tom"}, Line: 4}}}},
		Actions: []model.Action{{Owners: []string{"jnae", "bob"}, Line: 6}},
	}
	people := map[string]model.Person{"jane": {Name: "Jane"}, "tom": {Name: "Tom"}}
	p := &windowParser{path: examplePath, w: w, diags: &diags, people: people}
	p.checkBodyPeople(newHandleLocator([]byte("## Tasks\n1. Do it @jnae [done]\n   1. Step @tom\n## Next time\n- [ ] x @jnae @bob\n"), 2))
	wantDiag(t, diags, examplePath+":3:10: warning: jnae is not in content/people.yaml (did you mean jane?)")
	wantDiag(t, diags, examplePath+":6:15: warning: bob is not in content/people.yaml")
	if len(diags) != 2 {
		t.Errorf("each unknown handle is reported once: %v", texts(diags))
	}
}
