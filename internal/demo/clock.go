package demo

import "time"

// Today is the demo's own "today": a December day of the demo year, after
// the 2024-06 audit month and its recovery cases, with the 2024 projects
// still in progress. Every deadline, overdue count, default date and audit
// trail of `jixiao serve --demo` is counted from it, so the demo tells one
// consistent story whatever the real date.
var Today = time.Date(2024, 12, 10, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// Clock returns the demo's clock: Today plus the time elapsed since start,
// so that sessions, idle timeouts and the order of trail entries still
// behave as with a real clock.
func Clock(start time.Time) func() time.Time {
	return func() time.Time { return Today.Add(time.Since(start)) }
}
