package table

import (
	"jixiao/internal/eval"
	"jixiao/internal/report"
)

// Recognize finds one evaluation in the sheets of a workbook or the tables
// of a document: the 评分表 (exactly one candidate, or the one opt.Sheet
// names), header fields, the funds block and the narrative block. It is all
// or nothing: any problem gives report.Errors and no report.
func Recognize(name string, grids []*Grid, opt report.Options) (*report.Import, error) {
	var cands []*Grid
	for _, g := range grids {
		if Looks(g) {
			cands = append(cands, g)
		}
	}
	var pick *Grid
	switch {
	case opt.Sheet != "":
		for _, g := range grids {
			if g.Name == opt.Sheet {
				pick = g
			}
		}
		if pick == nil {
			return nil, report.Errorf(report.Pos{File: name}, "没有名为“%s”的工作表 (no such sheet)", opt.Sheet)
		}
	case len(cands) == 0:
		return nil, report.Errorf(report.Pos{File: name}, "没有找到评分表：需要含“三级指标”和“权重”列的表头 (no sheet has a score-sheet header with 三级指标 and 权重)")
	case len(cands) > 1:
		e := &report.AmbiguousError{File: name}
		for _, g := range cands {
			e.Candidates = append(e.Candidates, g.Name)
		}
		return nil, e
	default:
		pick = cands[0]
	}
	imp := &report.Import{}
	if len(cands) > 1 {
		imp.Notes = append(imp.Notes, report.Note{Pos: report.Pos{File: name, Sheet: pick.Name}, Message: "评分表取自此工作表 (score sheet read from this sheet)"})
	}
	rep := &eval.Report{Source: name, Line: 1}
	var errs report.Errors
	add := func(err error) {
		for _, e := range report.AsErrors(err) {
			errs.Add(e)
		}
	}
	add(ReadSheet(pick, name, rep, &imp.Notes))
	fundsFound := false
	for _, g := range grids {
		// Header fields: the chosen sheet first, then the others.
		if g == pick {
			add(ReadFields(g, name, rep, &imp.Notes))
		}
	}
	for _, g := range grids {
		if g != pick && !isOtherCandidate(g, cands) {
			add(ReadFields(g, name, rep, &imp.Notes))
		}
		if !fundsFound && (g == pick || !isOtherCandidate(g, cands)) {
			found, err := ReadFunds(g, name, rep, &imp.Notes)
			add(err)
			fundsFound = found
		}
		if !isOtherCandidate(g, cands) {
			_, err := ReadSections(g, name, rep)
			add(err)
			ReadGoals(g, rep)
			ReadLabelledSections(g, rep)
		}
	}
	if rep.Layout == "" {
		rep.Layout = eval.LayoutSituation
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	imp.Reports = []*eval.Report{rep}
	return imp, nil
}

func isOtherCandidate(g *Grid, cands []*Grid) bool {
	if len(cands) < 2 {
		return false
	}
	for _, c := range cands {
		if c == g {
			return true
		}
	}
	return false
}
