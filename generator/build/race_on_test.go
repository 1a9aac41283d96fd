//go:build race

package build

// raceDetector is true in a -race build: the probe differential, which
// executes templates that print the whole site, is many times slower under
// the race detector, so .ci/run runs it in a normal build instead.
const raceDetector = true
