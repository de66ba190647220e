package web

import "jixiao/internal/store"

// TownCoverage is one town's hardship-group members missing from the
// rolls (not enrolled, or enrolled without 代缴) in a run.
type TownCoverage struct {
	Town   string
	People []store.AuditCoverage
}

// CoverageByTown groups the run's coverage findings by town, in the
// order stored (by town, then name).
func (pg AuditRunPage) CoverageByTown() []TownCoverage {
	var out []TownCoverage
	for _, c := range pg.Report.Coverage {
		if n := len(out); n == 0 || out[n-1].Town != c.Town {
			out = append(out, TownCoverage{Town: c.Town})
		}
		out[len(out)-1].People = append(out[len(out)-1].People, c)
	}
	return out
}
