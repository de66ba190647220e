package auditdb

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/audit"
	"jixiao/internal/auditmem"
	"jixiao/internal/cal"
	"jixiao/internal/cert"
	"jixiao/internal/cnid"
	"jixiao/internal/money"
	"jixiao/internal/report/docx"
	"jixiao/internal/store"
)

// Open is the column of suspects without an outcome in the monthly report.
const Open = "未办结"

// TownFigures is one town's line of the monthly report.
type TownFigures struct {
	Town      string
	Suspects  int
	ByOutcome map[string]int // auditmem.Outcome or Open
	Overdue   int
}

// Monthly is the 月度稽核报告's figures for one month: the runs of that
// month and what became of their suspects by the time of the report.
type Monthly struct {
	Month                     cal.Month
	Runs                      int
	Suspects                  int
	Towns                     []TownFigures
	Overdue                   int // unanswered past the reply date
	Held, Carried, Resent     int // the memory: held back, carried forward, sent again on new evidence
	StillPaid                 int
	Stopped, Terminated       int // payments stopped (confirmed by the town); of them 终止
	Suspended                 int
	OverpaidStopped           money.Fen // overpayment of the stopped suspects
	CaseDue, Recovered        money.Fen // recovery cases opened from the month's suspects
	Causes                    map[string]int
	Closed                    int
	Cert                      *cert.Tally // the month's certification figures, if a run was given
	CertAsOf                  cal.Month
	OverdueNames, StoppedRows []store.AuditSuspect
}

// MonthlyFigures gathers the report for month m as of now.
func MonthlyFigures(ctx context.Context, st *store.Store, m cal.Month, now time.Time) (Monthly, error) {
	rep := Monthly{Month: m, Causes: map[string]int{}}
	runs, err := st.AuditRuns(ctx)
	if err != nil {
		return rep, err
	}
	towns := map[string]*TownFigures{}
	var ids = map[int64]bool{}
	for _, r := range runs {
		if r.AsOf != m.String() {
			continue
		}
		rep.Runs++
		if l, ok, err := st.AuditRunLink(ctx, r.ID); err != nil {
			return rep, err
		} else if ok {
			rep.Held += l.Held
			rep.Carried += l.Carried
			rep.Resent += l.Resent
			rep.StillPaid += l.StillPaid
		}
		xs, err := st.AuditSuspects(ctx, store.SuspectFilter{RunID: r.ID})
		if err != nil {
			return rep, err
		}
		outs, err := st.AuditOutcomes(ctx, r.ID)
		if err != nil {
			return rep, err
		}
		for _, x := range xs {
			ids[x.ID] = true
			rep.Suspects++
			t := towns[x.Town]
			if t == nil {
				t = &TownFigures{Town: x.Town, ByOutcome: map[string]int{}}
				towns[x.Town] = t
			}
			t.Suspects++
			o := outs[x.ID]
			if o.Outcome == "" {
				t.ByOutcome[Open]++
			} else {
				t.ByOutcome[o.Outcome]++
				rep.Closed++
				if o.RootCause != "" {
					rep.Causes[o.RootCause]++
				}
			}
			if Overdue(r, x, now) && x.State == string(audit.StatePending) {
				t.Overdue++
				rep.Overdue++
				rep.OverdueNames = append(rep.OverdueNames, x)
			}
			if x.State == string(audit.StateStopped) {
				rep.Stopped++
				rep.OverpaidStopped += x.Overpaid
				if x.Action == string(audit.ActionTerminate) {
					rep.Terminated++
				} else {
					rep.Suspended++
				}
				rep.StoppedRows = append(rep.StoppedRows, x)
			}
		}
	}
	for _, t := range towns {
		rep.Towns = append(rep.Towns, *t)
	}
	sort.Slice(rep.Towns, func(i, j int) bool { return rep.Towns[i].Town < rep.Towns[j].Town })
	cases, err := st.AuditCases(ctx, store.CaseFilter{})
	if err != nil {
		return rep, err
	}
	for _, c := range cases {
		if !ids[c.SuspectID] {
			continue
		}
		rep.CaseDue += c.Due
		for _, p := range c.Repayments {
			rep.Recovered += p.Amount
		}
	}
	if rep.Cert == nil {
		v, ok, err := LatestCertRun(ctx, st, m.String())
		if err != nil {
			return rep, err
		}
		if ok {
			rep.Cert, rep.CertAsOf = &v.Total, v.AsOf
		}
	}
	return rep, nil
}

func outcomeCols() []string {
	cols := []string{}
	for _, o := range auditmem.Outcomes {
		cols = append(cols, string(o))
	}
	return append(cols, Open)
}

// lines are the report's figures with last month's beside them.
func (rep *Monthly) lines(prev *Monthly) [][3]string {
	pair := func(name string, cur, old int64, fen bool) [3]string {
		f := func(v int64) string {
			if fen {
				return money.Fen(v).String()
			}
			return strconv.FormatInt(v, 10)
		}
		d := cur - old
		sign := "+"
		if d < 0 {
			sign = ""
		}
		diff := sign + f(d)
		if prev == nil {
			return [3]string{name, f(cur), "—"}
		}
		return [3]string{name, f(cur), f(old) + "（" + diff + "）"}
	}
	var p Monthly
	if prev != nil {
		p = *prev
	}
	out := [][3]string{
		pair("稽核批次", int64(rep.Runs), int64(p.Runs), false),
		pair("疑点", int64(rep.Suspects), int64(p.Suspects), false),
		pair("已办结", int64(rep.Closed), int64(p.Closed), false),
		pair("逾期未回复", int64(rep.Overdue), int64(p.Overdue), false),
		pair("镇已拒绝且证据未变、不再下发", int64(rep.Held), int64(p.Held), false),
		pair("上期未办结、结转", int64(rep.Carried), int64(p.Carried), false),
		pair("证据变化、重新下发", int64(rep.Resent), int64(p.Resent), false),
		pair("已核实属实仍在发放", int64(rep.StillPaid), int64(p.StillPaid), false),
		pair("已停发（镇已确认）", int64(rep.Stopped), int64(p.Stopped), false),
		pair("　其中终止", int64(rep.Terminated), int64(p.Terminated), false),
		pair("　其中暂停", int64(rep.Suspended), int64(p.Suspended), false),
		pair("停发人员多发金额（元）", int64(rep.OverpaidStopped), int64(p.OverpaidStopped), true),
		pair("立案应追回（元）", int64(rep.CaseDue), int64(p.CaseDue), true),
		pair("已追回（元）", int64(rep.Recovered), int64(p.Recovered), true),
	}
	for _, c := range auditmem.RootCauses {
		out = append(out, pair("原因："+string(c), int64(rep.Causes[string(c)]), int64(p.Causes[string(c)]), false))
	}
	if rep.Cert != nil {
		rate, ok := rep.Cert.RateBP()
		share, sok := rep.Cert.ChannelShareBP(cert.ChannelBigData)
		old, pok, oldShare, osok := int64(0), false, int64(0), false
		if p.Cert != nil {
			old, pok = p.Cert.RateBP()
			oldShare, osok = p.Cert.ChannelShareBP(cert.ChannelBigData)
		}
		out = append(out, [3]string{"资格认证率", cert.FormatBP(rate, ok), cert.FormatBP(old, pok)},
			[3]string{"大数据比对占比", cert.FormatBP(share, sok), cert.FormatBP(oldShare, osok)})
	} else {
		out = append(out, [3]string{"资格认证率", "未导入认证数据", "—"})
	}
	return out
}

func (rep *Monthly) title() string {
	return fmt.Sprintf("%d年%d月生存稽核月度报告（月度稽核报告）", rep.Month.Year(), rep.Month.Num())
}

// WriteMonthlyXLSX writes the report: the figures against last month, the
// suspects by town and outcome, the overdue answers and the stops.
func WriteMonthlyXLSX(w io.Writer, rep, prev *Monthly) error {
	f := excelize.NewFile()
	defer f.Close()
	sh := "月度稽核报告"
	_ = f.SetSheetName("Sheet1", sh)
	row := 1
	put := func(vals ...any) {
		ref, _ := excelize.CoordinatesToCellName(1, row)
		_ = f.SetSheetRow(sh, ref, &vals)
		row++
	}
	put(rep.title())
	row++
	put("项目", "本月", "上月（增减）")
	for _, l := range rep.lines(prev) {
		put(l[0], l[1], l[2])
	}
	row++
	head := []any{"镇（街道）", "疑点"}
	for _, c := range outcomeCols() {
		head = append(head, c)
	}
	put(append(head, "逾期未回复")...)
	for _, t := range rep.Towns {
		vals := []any{t.Town, t.Suspects}
		for _, c := range outcomeCols() {
			vals = append(vals, t.ByOutcome[c])
		}
		put(append(vals, t.Overdue)...)
	}
	_ = f.SetColWidth(sh, "A", "A", 30)
	od := "逾期未回复"
	if _, err := f.NewSheet(od); err != nil {
		return err
	}
	_ = f.SetSheetRow(od, "A1", &[]any{"镇（街道）", "姓名", "身份证号", "疑点", "多发金额（元）"})
	for i, x := range rep.OverdueNames {
		ref, _ := excelize.CoordinatesToCellName(1, i+2)
		_ = f.SetSheetRow(od, ref, &[]any{x.Town, x.Name, cnid.Mask(x.IDNumber), x.Finding, x.Overpaid.String()})
	}
	return f.Write(w)
}

// WriteMonthlyDOCX writes the report as a Word document: a summary, the
// figures against last month, and a signature block.
func WriteMonthlyDOCX(w io.Writer, rep, prev *Monthly) error {
	l := docx.Letter{Title: rep.title(), Caption: "主要指标（与上月比较）", Columns: []string{"项目", "本月", "上月（增减）"},
		Fields: []string{"经办人：", "审核人：", "负责人：", "日期：　　年　　月　　日"}}
	l.Before = append(l.Before, fmt.Sprintf("本月稽核批次%d个，疑点%d条，已办结%d条，逾期未回复%d条；镇核实不属实且证据未变、本月不再下发%d条，上期未办结结转%d条。已停发%d人（终止%d人、暂停%d人），停发人员多发待遇%s元，立案应追回%s元，已追回%s元。",
		rep.Runs, rep.Suspects, rep.Closed, rep.Overdue, rep.Held, rep.Carried, rep.Stopped, rep.Terminated, rep.Suspended,
		rep.OverpaidStopped, rep.CaseDue, rep.Recovered))
	for _, x := range rep.lines(prev) {
		l.Rows = append(l.Rows, []string{x[0], x[1], x[2]})
	}
	var towns []string
	for _, t := range rep.Towns {
		s := fmt.Sprintf("%s疑点%d条", t.Town, t.Suspects)
		for _, c := range outcomeCols() {
			if n := t.ByOutcome[c]; n > 0 {
				s += fmt.Sprintf("，%s%d条", c, n)
			}
		}
		if t.Overdue > 0 {
			s += fmt.Sprintf("，逾期未回复%d条", t.Overdue)
		}
		towns = append(towns, s+"。")
	}
	l.After = towns
	return docx.WriteLetter(w, l)
}
