package table

import (
	"jixiao/internal/eval"
	"jixiao/internal/report"
)

// Recognize finds the evaluations in the sheets of a workbook or the
// tables of a document: the 评分表 (exactly one candidate, or the one
// opt.Sheet names), header fields, the funds block and the narrative
// block. A workbook whose sheets each hold a whole form of its own (its own
// 项目名称, one project per sheet) gives one report per sheet, and a note
// names the sheets that held none. It is all or nothing: any problem gives
// report.Errors and no report.
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
		return nil, notRecognised(name, grids)
	case len(cands) > 1:
		if separateForms(cands) {
			return recognizeEach(name, grids, cands)
		}
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
	rep, err := recognizeOne(name, grids, pick, cands, &imp.Notes)
	if err != nil {
		return nil, err
	}
	imp.Reports = []*eval.Report{rep}
	return imp, nil
}

// recognizeOne reads one report: the 评分表 of pick, and the fields, funds
// and narrative of pick and of the grids that are not other candidates.
func recognizeOne(name string, grids []*Grid, pick *Grid, cands []*Grid, notes *[]report.Note) (*eval.Report, error) {
	rep := &eval.Report{Source: name, Line: 1}
	var errs report.Errors
	add := func(err error) {
		for _, e := range report.AsErrors(err) {
			errs.Add(e)
		}
	}
	add(ReadSheet(pick, name, rep, notes))
	// Header fields: the chosen sheet first, then the others.
	add(ReadFields(pick, name, rep, notes))
	fundsFound := false
	for _, g := range grids {
		if g != pick && !isOtherCandidate(g, cands) {
			add(ReadFields(g, name, rep, notes))
		}
		if !fundsFound && (g == pick || !isOtherCandidate(g, cands)) {
			found, err := ReadFunds(g, name, rep, notes)
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
	if rep.Layout == "" && rep.Sheet.Execution != nil {
		rep.Layout = eval.LayoutNational // the funds block carries points of its own
	}
	if rep.Layout == "" {
		rep.Layout = eval.LayoutSituation
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return rep, nil
}

// separateForms reports whether every candidate is a whole form with a
// project name of its own, the names all different: one project per sheet.
func separateForms(cands []*Grid) bool {
	seen := map[string]bool{}
	for _, g := range cands {
		var r eval.Report
		var notes []report.Note
		if ReadFields(g, "", &r, &notes) != nil || r.Project == "" || seen[r.Project] {
			return false
		}
		seen[r.Project] = true
	}
	return true
}

// recognizeEach reads one report from each candidate sheet on its own.
func recognizeEach(name string, grids, cands []*Grid) (*report.Import, error) {
	imp := &report.Import{}
	var errs report.Errors
	for _, g := range cands {
		rep, err := recognizeOne(name, []*Grid{g}, g, nil, &imp.Notes)
		if err != nil {
			for _, e := range report.AsErrors(err) {
				errs.Add(e)
			}
			continue
		}
		imp.Reports = append(imp.Reports, rep)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	for _, g := range grids {
		if !isOtherCandidate(g, cands) && !g.empty() {
			imp.Notes = append(imp.Notes, report.Note{Pos: report.Pos{File: name, Sheet: g.Name},
				Message: "此工作表没有自评表，未导入 (no self-evaluation form on this sheet)"})
		}
	}
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
