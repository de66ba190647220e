package table

import (
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
	fcOther // 分值, 得分: read by nobody
)

func classifyFunds(label string) fundsCol {
	s := reBracket.ReplaceAllString(norm(label), "")
	s = strings.TrimSuffix(reBracket.ReplaceAllString(s, ""), "数")
	switch {
	case strings.Contains(s, "年初预算"):
		return fcInitial
	case strings.Contains(s, "预算"):
		return fcBudget
	case strings.Contains(s, "到位"):
		return fcReceived
	case strings.Contains(s, "执行率"):
		return fcRate
	case strings.Contains(s, "执行") || strings.Contains(s, "支出"):
		return fcSpent
	}
	return fcNone
}

// fundsRowKind says which amount a row label holds: -1 the total, else an
// eval.FundSource; ok false for a label the block does not know.
func fundsRowKind(label string) (int, bool) {
	s := norm(label)
	s = strings.TrimPrefix(s, "其中:")
	s = strings.TrimPrefix(s, "其中：")
	switch {
	case s == "":
		return 0, false
	case strings.Contains(s, "总额") || strings.Contains(s, "合计") || s == "总计" || strings.Contains(s, "资金总"):
		return -1, true
	case strings.Contains(s, "上级"):
		return int(eval.SourceHigher), true
	case strings.Contains(s, "本级") || strings.Contains(s, "财政拨款"):
		return int(eval.SourceLocal), true
	case strings.Contains(s, "其他"):
		return int(eval.SourceOther), true
	case strings.Contains(s, "上年结转"):
		return -2, true
	}
	return 0, false
}

// ReadFunds looks for a funds block in g (a header row naming at least two
// of 年初预算数 / 全年预算数 / 到位数 / 全年执行数 / 执行率, and rows
// labelled 年度资金总额, 上级, 本级, 其他) and stores its amounts, in 万元,
// in r.Funds. found is false when g has no such block.
func ReadFunds(g *Grid, file string, r *eval.Report, notes *[]report.Note) (found bool, err error) {
	var errs report.Errors
	for h := 0; h < len(g.Cells); h++ {
		cols := map[fundsCol]int{}
		for c := range g.Cells[h] {
			k := classifyFunds(g.filled(h, c))
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
		// The label column is the first column left of every amount.
		first := len(g.Cells[h])
		for _, c := range cols {
			first = min(first, c)
		}
		if first == 0 {
			continue
		}
		budgetCol, hasBudget := cols[fcBudget]
		if init, ok := cols[fcInitial]; ok && !hasBudget {
			budgetCol, hasBudget = init, true
		} else if ok {
			*notes = append(*notes, report.Note{Pos: report.Pos{File: file, Sheet: g.Name, Row: g.RowNum(h), Col: init + 1},
				Message: "年初预算数未导入，以全年预算数为预算数 (年初预算数 not kept: 全年预算数 is the budget)"})
		}
		for i := h + 1; i < len(g.Cells); i++ {
			label := ""
			for c := 0; c < first && c < len(g.Cells[i]); c++ {
				if t := g.filled(i, c); t != "" {
					label = t
				}
			}
			kind, ok := fundsRowKind(label)
			if !ok {
				break
			}
			found = true
			if kind == -2 {
				*notes = append(*notes, report.Note{Pos: report.Pos{File: file, Sheet: g.Name, Row: g.RowNum(i)},
					Message: "上年结转资金未导入（模型无此项）(carry-over from last year not kept)"})
				continue
			}
			get := func(c int, what string, ok bool) eval.Amount {
				if !ok {
					return eval.Amount{}
				}
				v := strings.TrimSuffix(norm(g.At(i, c)), "万元")
				if v == "" || v == "-" || v == "—" || v == "/" {
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
			rc, hasRc := cols[fcReceived]
			sc, hasSc := cols[fcSpent]
			b, rcv, sp := get(budgetCol, "预算数", hasBudget), get(rc, "到位数", hasRc), get(sc, "执行数", hasSc)
			if kind == -1 {
				r.Funds.Budget.Total, r.Funds.Received.Total, r.Funds.Spent.Total = b, rcv, sp
			} else {
				r.Funds.Budget.BySource[kind], r.Funds.Received.BySource[kind], r.Funds.Spent.BySource[kind] = b, rcv, sp
			}
		}
		if found {
			break
		}
	}
	return found, errs.Err()
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
