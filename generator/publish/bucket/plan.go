// The plan of a publish: what to save, write (tier by tier) and delete to turn
// the live release into the target one.

package bucket

import (
	"fmt"
	"sort"
)

// plan is what apply will do.
type plan struct {
	saves   []string        // live paths whose content is copied to objects/ first
	tiers   [4][]string     // site paths to write, by tier
	deletes []string        // site paths to delete
	touched map[string]bool // every path this run may change, plus a killed run's
	target  *manifest
}

func makePlan(l *live, target *manifest, haveBytes bool) (*plan, error) {
	p := &plan{target: target, touched: map[string]bool{}}
	dirty := map[string]bool{}
	if l.pending != nil {
		for _, path := range l.pending.Touched {
			dirty[path] = true
			p.touched[path] = true
		}
	}
	cur := l.current.Files
	var missing []string
	for _, path := range target.paths() {
		e := target.Files[path]
		old, had := cur[path]
		if had && old == e && !dirty[path] {
			continue
		}
		if !haveBytes && !l.objects[e.SHA256] {
			// A rollback takes content from objects/. A path a killed run
			// may have touched but never overwrote still holds it.
			if dirty[path] && had && old == e {
				continue
			}
			missing = append(missing, path)
			continue
		}
		t := tierOf(path, !had)
		p.tiers[t] = append(p.tiers[t], path)
		p.touched[path] = true
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("cannot roll back to release %s: the bucket has no kept copy of %d of its files (%s...)", target.Release, len(missing), missing[0])
	}
	gone := map[string]bool{}
	for path := range cur {
		gone[path] = true
	}
	for path := range dirty {
		gone[path] = true
	}
	for path := range gone {
		if _, ok := target.Files[path]; !ok {
			p.deletes = append(p.deletes, path)
			p.touched[path] = true
		}
	}
	sort.Strings(p.deletes)
	// Save what is overwritten or deleted, unless a copy is kept already. A
	// path a killed run touched whose copy is missing was not overwritten
	// (saving comes first), so it still holds the live content.
	saved := map[string]bool{}
	for path := range p.touched {
		old, had := cur[path]
		if !had || l.objects[old.SHA256] || saved[old.SHA256] {
			continue
		}
		if e, ok := target.Files[path]; ok && e == old && !dirty[path] {
			continue
		}
		saved[old.SHA256] = true
		p.saves = append(p.saves, path)
	}
	sort.Strings(p.saves)
	return p, nil
}

func (p *plan) writes() int {
	n := 0
	for _, t := range p.tiers {
		n += len(t)
	}
	return n
}
