//go:build race

package extsimtarget

// raceDetector is set when the tests run under -race.
const raceDetector = true
