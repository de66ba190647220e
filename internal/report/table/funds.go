package table

import (
	"math/big"
	"regexp"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/money"
	"jixiao/internal/report"
)

// fundsCol is the meaning of a funds-block column.
type fundsCol int

const (
	fcNone fundsCol = iota
	fcInitial
	fcBudget
	fcReceived
	fcSpent
	fcRate
	fcWeight // 分值 / 权重 of the scored funds row (附件1)
	fcScore
	fcReason
)

func classifyFunds(label string) fundsCol {
	s := reBracket.ReplaceAllString(norm(label), "")
	s = strings.TrimSuffix(reBracket.ReplaceAllString(s, ""), "数")
	switch {
	case s == "":
		return fcNone
	case strings.Contains(s, "年初预算") || s == "年初":
		return fcInitial
	case strings.Contains(s, "执行率"):
		return fcRate
	case strings.Contains(s, "到位率"):
		return fcNone
	case strings.Contains(s, "执行") || strings.Contains(s, "支出"):
		return fcSpent
	case strings.Contains(s, "到位"):
		return fcReceived
	case strings.Contains(s, "预算"):
		return fcBudget // 全年预算数, 调整后预算数, 预算数
	case s == "分值" || s == "权重" || s == "分数" || s == "权重分值":
		return fcWeight
	case strings.Contains(s, "得分"):
		return fcScore
	case strings.Contains(s, "原因") || s == "说明" || s == "备注":
		return fcReason
	}
	return fcNone
}

// fundsRowKind says which amount a row label holds: -1 the total, else an
// eval.FundSource; ok false for a label the block does not know.
func fundsRowKind(label string) (int, bool) {
	s := norm(label)
	if rest, ok := strings.CutPrefix(s, "按收入性质分"); ok {
		s = strings.TrimLeft(rest, ":：")
	}
	s = strings.TrimPrefix(s, "其中:")
	s = strings.TrimPrefix(s, "其中：")
	s = strings.TrimPrefix(s, "其中")
	switch {
	case s == "":
		return 0, false
	case strings.HasPrefix(s, "按收入") || strings.HasPrefix(s, "按支出") || strings.Contains(s, "基本支出") || strings.Contains(s, "项目支出") ||
		strings.Contains(s, "人员经费") || strings.Contains(s, "公用经费"):
		return kindOtherBreakdown, true // 部门整体: a split by the nature of spending, not by source
	case strings.Contains(s, "总额") || strings.Contains(s, "合计") || s == "总计" || strings.Contains(s, "资金总") || s == "小计":
		return -1, true
	case strings.Contains(s, "上年结转") || s == "结转资金" || s == "结转结余资金":
		return int(eval.SourceCarryOver), true
	case strings.Contains(s, "上级") || strings.Contains(s, "中央"):
		return int(eval.SourceHigher), true
	case strings.Contains(s, "本级") || strings.Contains(s, "财政拨款") || s == "财政资金" || strings.Contains(s, "地方") ||
		strings.HasPrefix(s, "省级") || strings.HasPrefix(s, "市级") || strings.HasPrefix(s, "县级"):
		return int(eval.SourceLocal), true
	case strings.Contains(s, "其他") || strings.Contains(s, "专户") || strings.Contains(s, "单位资金") || strings.Contains(s, "自有资金") || strings.Contains(s, "社会"):
		return int(eval.SourceOther), true
	}
	return 0, false
}

var bigOne = big.NewRat(1, 1)

// kindOtherBreakdown is a funds row of a second split of the total (基本支出
// / 项目支出 on the 部门整体 form): read past, not added to the sources.
const kindOtherBreakdown = -3

// reDeclaredPoints reads a points value stated in a label: "预算执行情况(10分)".
var reDeclaredPoints = regexp.MustCompile(`[（(]\s*([0-9]+(?:\.[0-9]+)?)\s*分\s*[）)]`)

// isInstruction reports template instructions printed in a cell
// ("1.预算执行率=预算执行数/调整后预算数，…需说明原因"), which are not a
// unit's text.
func isInstruction(s string) bool {
	n := norm(s)
	return strings.Contains(n, "预算执行率=") || strings.Contains(n, "需说明原因") || strings.Contains(n, "100字以内") || strings.Contains(n, "200字以内")
}

// ReadFunds looks for a funds block in g (a header row naming at least two
// of 年初预算数 / 全年预算数 / 到位数 / 全年执行数, with row labels
// 年度资金总额, 当年财政拨款, 上年结转资金, 其他资金 … in the column the
// rows below name them) and stores its amounts, in 万元, in r.Funds. A
// 分值/权重 column makes the total row the scored funds row of the 附件1
// form (r.Sheet.Execution). found is false when g has no such block.
func ReadFunds(g *Grid, file string, r *eval.Report, notes *[]report.Note) (found bool, err error) {
	var errs report.Errors
	for h := 0; h+1 < len(g.Cells); h++ {
		labelCol := fundsLabelCol(g, h+1)
		if labelCol < 0 {
			continue
		}
		cols := map[fundsCol]int{}
		for c := labelCol + 1; c < len(g.Cells[h]); c++ {
			t := g.filled(h, c)
			if t == "" && h > 0 {
				t = g.filled(h-1, c) // a two-row header
			}
			k := classifyFunds(t)
			if k != fcNone {
				if _, dup := cols[k]; !dup {
					cols[k] = c
				}
			}
		}
		amountCols := 0
		for _, k := range []fundsCol{fcInitial, fcBudget, fcReceived, fcSpent} {
			if _, ok := cols[k]; ok {
				amountCols++
			}
		}
		if amountCols < 2 {
			continue
		}
		budgetCol, hasBudget := cols[fcBudget]
		initCol, hasInit := cols[fcInitial]
		if hasInit && !hasBudget {
			budgetCol, hasBudget = initCol, true
			hasInit = false
		}
		blockLabel := ""
		for c := 0; c <= labelCol; c++ {
			if t := g.filled(h, c); t != "" {
				blockLabel = t
				break
			}
		}
		var ex *eval.ExecutionRow
		if _, ok := cols[fcWeight]; ok {
			ex = &eval.ExecutionRow{}
		} else if _, ok := cols[fcScore]; ok {
			ex = &eval.ExecutionRow{}
		}
		var reasons []string
		for i := h + 1; i < len(g.Cells); i++ {
			label := ""
			for c := 0; c <= labelCol && c < len(g.Cells[i]); c++ {
				if t := g.filled(i, c); t != "" {
					label = t
				}
			}
			kind, ok := fundsRowKind(label)
			if !ok {
				break
			}
			found = true
			if kind == kindOtherBreakdown {
				continue
			}
			get := func(k fundsCol, what string) eval.Amount {
				c, ok := cols[k]
				if !ok || k == fcInitial && !hasInit {
					return eval.Amount{}
				}
				if k == fcBudget {
					c = budgetCol
				}
				v := strings.TrimSuffix(norm(g.At(i, c)), "万元")
				if isBlank(v) {
					return eval.Amount{}
				}
				f, err := parseWan(v)
				if err != nil {
					errs.Add(report.Errorf(report.Pos{File: file, Sheet: g.Name, Row: g.RowNum(i), Col: c + 1, Field: what},
						"“%s”不是金额（万元）(not an amount): %v", clip(g.At(i, c), 20), err))
					return eval.Amount{}
				}
				return eval.Known(f)
			}
			in, b, rcv, sp := get(fcInitial, "年初预算数"), get(fcBudget, "预算数"), get(fcReceived, "到位数"), get(fcSpent, "执行数")
			f := &r.Funds
			if kind == -1 {
				f.Initial.Total, f.Budget.Total, f.Received.Total, f.Spent.Total = in, b, rcv, sp
				if ex != nil {
					readExecution(g, file, i, cols, ex, &errs)
				} else if c, ok := cols[fcRate]; ok {
					if v := g.display(i, c); !isBlank(v) {
						if n, ok := ParsePercent(v); ok {
							f.PrintedRate, f.HasPrintedRate = n, true
						}
					}
				}
			} else {
				addAmount(&f.Initial.BySource[kind], in)
				addAmount(&f.Budget.BySource[kind], b)
				addAmount(&f.Received.BySource[kind], rcv)
				addAmount(&f.Spent.BySource[kind], sp)
			}
			if c, ok := cols[fcReason]; ok {
				if t := g.At(i, c); t != "" && !isInstruction(t) {
					reasons = append(reasons, t)
				}
			}
		}
		if !found {
			continue
		}
		if ex != nil {
			ex.Reason = strings.Join(reasons, "；")
			if !ex.HasWeight {
				if m := reDeclaredPoints.FindStringSubmatch(norm(blockLabel)); m != nil {
					if p, err := eval.ParsePoints(m[1]); err == nil {
						ex.Weight, ex.HasWeight = p, true
					}
				}
			}
			if ex.HasWeight || ex.HasScore {
				r.Sheet.Execution = ex
			}
		}
		break
	}
	return found, errs.Err()
}

// fundsLabelCol returns the column where row i names a funds row
// (年度资金总额, 总额 …), or -1.
func fundsLabelCol(g *Grid, i int) int {
	if i >= len(g.Cells) {
		return -1
	}
	for c := range g.Cells[i] {
		if kind, ok := fundsRowKind(g.filled(i, c)); ok && kind == -1 {
			return c
		}
	}
	for c := range g.Cells[i] {
		if _, ok := fundsRowKind(g.filled(i, c)); ok {
			return c
		}
	}
	return -1
}

// readExecution reads 分值, 执行率, 得分 of the funds total row.
func readExecution(g *Grid, file string, i int, cols map[fundsCol]int, ex *eval.ExecutionRow, errs *report.Errors) {
	ex.Line = g.RowNum(i)
	pos := func(c int, what string) report.Pos {
		return report.Pos{File: file, Sheet: g.Name, Row: g.RowNum(i), Col: c + 1, Field: what}
	}
	if c, ok := cols[fcWeight]; ok {
		if v := g.At(i, c); !isBlank(v) {
			p, err := ParsePoints(v)
			if err != nil {
				errs.Add(report.Errorf(pos(c, "分值"), "分值“%s”不是数字 (not a number): %v", clip(v, 20), err))
			} else {
				ex.Weight, ex.HasWeight = p, true
			}
		}
	}
	if c, ok := cols[fcScore]; ok {
		if v := g.At(i, c); !isBlank(v) {
			p, err := ParsePoints(v)
			if err != nil {
				errs.Add(report.Errorf(pos(c, "得分"), "得分“%s”不是数字 (not a number): %v", clip(v, 20), err))
			} else {
				ex.Score, ex.HasScore = p, true
			}
		}
	}
	if c, ok := cols[fcRate]; ok {
		if v := g.display(i, c); !isBlank(v) {
			n, ok := ParsePercent(v)
			if !ok {
				errs.Add(report.Errorf(pos(c, "执行率"), "执行率“%s”不是百分比 (not a percentage)", clip(v, 20)))
			} else {
				ex.Rate, ex.HasRate = n, true
			}
		}
	}
}

// ParsePercent reads a rate as printed: "86%", "86.20%", or a ratio such
// as 0.862 (a %-formatted cell's raw value); the result is in percent.
func ParsePercent(v string) (eval.Number, bool) {
	s := norm(v)
	pct := strings.HasSuffix(s, "%")
	s = strings.TrimSuffix(s, "%")
	n, err := eval.ParseNumber(s)
	if err != nil {
		d, ok := shortestDecimal(s)
		if !ok {
			return eval.Number{}, false
		}
		if n, err = eval.ParseNumber(d); err != nil {
			return eval.Number{}, false
		}
	}
	if !pct && n.Sign() >= 0 && n.Rat().Cmp(bigOne) <= 0 {
		// A ratio: 0.862 is 86.2%.
		n = eval.Number{Coef: n.Coef, Scale: n.Scale - 2}
		if n.Scale < 0 {
			n = eval.Number{Coef: n.Coef * pow10(-n.Scale), Scale: 0}
		}
	}
	return n, true
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// isBlank reports a cell that states nothing: empty or a dash.
func isBlank(v string) bool {
	switch strings.TrimSpace(v) {
	case "", "-", "—", "——", "/", "－", "–", "\\":
		return true
	}
	return false
}

// addAmount adds b to a: several rows of one source (财政专户管理资金 and
// 单位资金 are both 其他) add up.
func addAmount(a *eval.Amount, b eval.Amount) {
	if !b.Set {
		return
	}
	if a.Set {
		a.Fen += b.Fen
		return
	}
	*a = b
}

// parseWan reads an amount in 万元, accepting a binary float's long form.
func parseWan(v string) (money.Fen, error) {
	f, err := money.ParseWan(v)
	if err == nil {
		return f, nil
	}
	if d, ok := shortestDecimal(v); ok {
		if f2, err2 := money.ParseWan(d); err2 == nil {
			return f2, nil
		}
	}
	return 0, err
}
