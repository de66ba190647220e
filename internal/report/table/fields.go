package table

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"jixiao/internal/cal"
	"jixiao/internal/eval"
	"jixiao/internal/report"
)

// fieldLabels are the labelled header fields and where they go. Longer
// labels come first so "项目实施开始时间" is not read as "项目实施".
var fieldLabels = []string{
	"项目实施开始时间（年/月）", "项目实施完成时间（年/月）", "项目实施开始时间", "项目实施完成时间",
	"项目实施年度", "填报单位", "项目名称", "实施单位", "主管部门", "项目编码", "项目代码",
	"预算部门", "主管单位", "转移支付名称", "转移支付项目名称", "部门名称", "单位名称",
	"转移支付（项目）名称", "转移支付(项目)名称", "中央主管部门", "地方主管部门", "资金使用单位",
	"部门（单位）名称", "部门(单位)名称",
}

// reCodePrefix splits a project name that begins with its 项目编码:
// "51092324T000010263357-政法队伍建设经费".
var reCodePrefix = regexp.MustCompile(`^([0-9A-Za-z]*[0-9][0-9A-Za-z]{7,})\s*[-－—–_—]+\s*(\S.*)$`)

// SplitProjectCode returns the 项目编码 and the name of a project name
// written with its code in front; code is "" when there is none.
func SplitProjectCode(name string) (code, rest string) {
	if m := reCodePrefix.FindStringSubmatch(strings.TrimSpace(name)); m != nil {
		return m[1], strings.TrimSpace(m[2])
	}
	return "", name
}

// titleWords mark a title line that may carry the year.
var titleWords = []string{"评分表", "情况表", "评价报告", "自评表", "评价表", "绩效自评", "目标表"}

func isTitle(t string) bool {
	for _, w := range titleWords {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

var (
	reYear     = regexp.MustCompile(`((?:19|20)[0-9]{2})\s*年`)
	reYearOnly = regexp.MustCompile(`^[（(]?((?:19|20)[0-9]{2})年度?[）)]?$`)
)

// ParseLabelled finds the known labels in a line such as
// "填报单位：X 项目名称：Y" and returns each label's value.
func ParseLabelled(line string) map[string]string {
	type hit struct {
		label      string
		start, end int
	}
	var hits []hit
	taken := make([]bool, len(line))
	for _, l := range fieldLabels {
		from := 0
		for {
			i := strings.Index(line[from:], l)
			if i < 0 {
				break
			}
			i += from
			end := i + len(l)
			from = end
			if taken[i] {
				continue
			}
			// The label must be followed by a colon to count inside a line.
			rest := line[end:]
			if !strings.HasPrefix(rest, "：") && !strings.HasPrefix(rest, ":") {
				continue
			}
			for k := i; k < end; k++ {
				taken[k] = true
			}
			hits = append(hits, hit{l, i, end})
		}
	}
	sort.Slice(hits, func(a, b int) bool { return hits[a].start < hits[b].start })
	out := map[string]string{}
	for k, h := range hits {
		stop := len(line)
		if k+1 < len(hits) {
			stop = hits[k+1].start
		}
		v := line[h.end:stop]
		v = strings.TrimLeft(v, "：:")
		if _, dup := out[h.label]; !dup {
			out[h.label] = strings.TrimSpace(strings.Trim(v, " \u3000"))
		}
	}
	return out
}

// ReadFields reads labelled header fields anywhere in g — a cell
// "填报单位：X 项目名称：Y", or a label cell followed by its value cell —
// and the year and layout from a title line. It fills only what r lacks.
func ReadFields(g *Grid, file string, r *eval.Report, notes *[]report.Note) error {
	var errs report.Errors
	for i := range g.Cells {
		if g.At(i, 0) == SectionsHeader[0] && g.At(i, 1) == SectionsHeader[1] {
			break // the narrative block: prose, not fields
		}
		for c := 0; c < len(g.Cells[i]); c++ {
			t := g.At(i, c)
			if t == "" {
				continue
			}
			if strings.Contains(t, "评价报告") && r.Layout == "" {
				r.Layout = eval.LayoutReport
			}
			if isTitle(t) && strings.Contains(t, "部门整体") && r.Project == "" {
				r.Project = "部门整体支出" // the form's subject is the department's whole budget
			}
			if isTitle(t) && r.Year == 0 {
				if m := reYear.FindStringSubmatch(t); m != nil {
					r.Year, _ = strconv.Atoi(m[1])
				}
			}
			if strings.Contains(t, "情况表") && r.Layout == "" {
				r.Layout = eval.LayoutSituation
			}
			if strings.Contains(t, "自评表") && !strings.Contains(t, "评分表") && r.Layout == "" && len([]rune(t)) <= 40 {
				r.Layout = eval.LayoutNational
			}
			if r.Year == 0 {
				if m := reYearOnly.FindStringSubmatch(norm(t)); m != nil {
					r.Year, _ = strconv.Atoi(m[1])
				}
			}
			found := ParseLabelled(t)
			for l, v := range found {
				if v == "" { // "实施单位：" with the value in the next cell
					for c2 := c + 1; c2 < len(g.Cells[i]); c2++ {
						if g.sameMerge(i, c, c2) {
							continue
						}
						if v2 := g.display(i, c2); v2 != "" {
							if len(ParseLabelled(v2)) > 0 {
								break // the next cell is another field
							}
							found[l] = v2
							c = c2
							break
						}
					}
				}
			}
			if len(found) == 0 {
				// A label cell alone: its value is the next cell with text.
				label := strings.TrimRight(reBracket.ReplaceAllString(strings.TrimRight(norm(t), ":："), ""), ":：")
				for _, l := range fieldLabels {
					if norm(l) == label {
						for c2 := c + 1; c2 < len(g.Cells[i]); c2++ {
							if g.sameMerge(i, c, c2) {
								continue
							}
							if v := g.display(i, c2); v != "" {
								if isFieldLabel(v) {
									break // the next cell is another label: this one is blank
								}
								found = map[string]string{l: v}
								c = c2
								break
							}
						}
						if found == nil {
							found = map[string]string{l: ""}
						}
						break
					}
				}
			}
			for l, v := range found {
				if err := setField(r, l, v); err != nil {
					errs.Add(report.Errorf(report.Pos{File: file, Sheet: g.Name, Row: g.RowNum(i), Col: c + 1, Field: l}, "%v", err))
				}
			}
		}
	}
	return errs.Err()
}

// isFieldLabel reports a cell that is one of the field labels itself.
func isFieldLabel(v string) bool {
	label := strings.TrimRight(reBracket.ReplaceAllString(strings.TrimRight(norm(v), ":："), ""), ":：")
	for _, l := range fieldLabels {
		if norm(l) == label {
			return true
		}
	}
	return false
}

type fieldError string

func (e fieldError) Error() string { return string(e) }

// setField stores one labelled value, keeping what is already set.
func setField(r *eval.Report, label, v string) error {
	if v == "" {
		return nil
	}
	switch label {
	case "填报单位":
		if r.Unit == "" {
			r.Unit = v
		}
	case "实施单位", "单位名称", "资金使用单位":
		if r.Unit == "" {
			r.Unit = v
		}
		if r.Implementer == "" {
			r.Implementer = v
		}
	case "部门（单位）名称", "部门(单位)名称":
		// The department is the unit and implements its own budget.
		if r.Unit == "" {
			r.Unit = v
		}
		if r.Implementer == "" {
			r.Implementer = v
		}
		if r.Department == "" {
			r.Department = v
		}
	case "主管部门", "预算部门", "主管单位", "部门名称", "地方主管部门", "中央主管部门":
		if r.Department == "" {
			r.Department = v
		}
	case "项目编码", "项目代码":
		if r.Code == "" {
			r.Code = v
		}
	case "项目名称", "转移支付名称", "转移支付项目名称", "转移支付（项目）名称", "转移支付(项目)名称":
		if r.Project == "" {
			code, name := SplitProjectCode(v)
			r.Project = name
			if r.Code == "" {
				r.Code = code
			}
		}
	case "项目实施年度":
		y, err := strconv.Atoi(strings.TrimSuffix(norm(v), "年"))
		if err != nil || y < 1900 || y > 2999 {
			return fieldError("项目实施年度“" + clip(v, 20) + "”不是年份 (not a year)")
		}
		if r.Year == 0 {
			r.Year = y
		}
	case "项目实施开始时间（年/月）", "项目实施开始时间", "项目实施完成时间（年/月）", "项目实施完成时间":
		ym, ok := cal.ParseMonth(norm(v))
		if !ok {
			return fieldError("“" + clip(v, 20) + "”不是年月，应写作 2023/01 (not a year and month)")
		}
		if strings.Contains(label, "开始") {
			if r.Start == 0 {
				r.Start = ym
			}
		} else if r.End == 0 {
			r.End = ym
		}
	}
	return nil
}
