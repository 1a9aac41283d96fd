// Did-you-mean suggestions for a misspelt key, section or name.

package parse

import (
	"fmt"
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
)

// didYouMean returns ` (did you mean X?)` for the candidate closest to word, or
// "" when none is close enough to be a likely typo.
func didYouMean(word string, candidates []string) string {
	if s := closest(word, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %s?)", s)
	}
	return ""
}

// closest returns the candidate nearest to word by edit distance, if it is
// within a third of its length (at least 2 edits, 1 for words of up to three
// letters), after trying a
// case-insensitive exact match.
func closest(word string, candidates []string) string {
	lw := strings.ToLower(word)
	for _, c := range candidates {
		if strings.ToLower(c) == lw {
			return c
		}
	}
	best, bestDist := "", 1<<30
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted) // ties resolve the same way every run
	for _, c := range sorted {
		dist := editDistance(lw, strings.ToLower(c))
		if dist < bestDist {
			best, bestDist = c, dist
		}
	}
	limit := max(2, len([]rune(best))/3)
	if len([]rune(best)) <= 3 {
		limit = 1 // two edits turn any short handle into another one
	}
	if best == "" || bestDist > limit {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance, except that two swapped neighbour
// letters count as one edit: "mnior" is closer to minor than to major.
func editDistance(a, b string) int {
	d := levenshtein.ComputeDistance(a, b)
	if d == 2 && isSwap([]rune(a), []rune(b)) {
		return 1
	}
	return d
}

// isSwap reports whether b is a with one pair of adjacent letters swapped.
func isSwap(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && string(a[i+2:]) == string(b[i+2:])
}
