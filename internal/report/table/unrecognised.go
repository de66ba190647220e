package table

import (
	"fmt"

	"jixiao/internal/report"
)

// notRecognised explains why no 评分表 was found: what was expected, and
// what the file holds instead, where — a 绩效目标申报表 (indicators with
// target values but no 分值, 实际完成值 or 得分), or only other text.
func notRecognised(name string, grids []*Grid) error {
	var errs report.Errors
	for _, g := range grids {
		limit := min(len(g.Cells), 200)
		for r := 0; r < limit; r++ {
			has := map[col]bool{}
			for c := range g.Cells[r] {
				has[classify(g.filled(r, c))] = true
			}
			if !has[colL3] {
				continue
			}
			pos := report.Pos{File: name, Sheet: g.Name, Row: g.RowNum(r)}
			switch {
			case !has[colActual] && !has[colScore]:
				errs.Add(declarationError(pos))
			default:
				errs.Add(report.Errorf(pos, "表头有“三级指标”，但没有“分值”或“权重”列，无法评分 (the header names 三级指标 but has no 分值/权重 column)"))
			}
			break
		}
	}
	if len(errs) > 0 {
		return errs.Err()
	}
	where := ""
	for _, g := range grids {
		for r := range g.Cells {
			if !g.rowEmpty(r) {
				where = fmt.Sprintf("；%s 第 %d 行是“%s”", g.Name, g.RowNum(r), clip(g.rowText(r), 30))
				break
			}
		}
		if where != "" {
			break
		}
	}
	return report.Errorf(report.Pos{File: name},
		"没有找到评分表：需要含“三级指标”和“权重”（或“分值”）列的表头%s (no sheet has a score-sheet header with 三级指标 and 权重/分值)", where)
}

// declarationError names a 绩效目标申报表 found where a self-evaluation
// was expected.
func declarationError(pos report.Pos) *report.Error {
	return report.Errorf(pos, "这是绩效目标申报表（有三级指标和指标值，没有实际完成值、分值和得分），不是自评表 (a performance-target declaration, not a self-evaluation: no actual values, weights or scores)")
}
