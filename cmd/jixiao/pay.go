package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/auditgen"
	"jixiao/internal/benefit"
	"jixiao/internal/cal"
	"jixiao/internal/cnid"
	"jixiao/internal/locale"
	"jixiao/internal/money"
	"jixiao/internal/payroll"
	"jixiao/internal/payrun"
	"jixiao/internal/progress"
	"jixiao/internal/rollfile"
)

// payUsage is the help, in Chinese; each line's English is in the
// catalogue (locale/en_cli.go), printed with --lang en.
const payUsage = `用法：
  jixiao pay check --rules NAME|FILE --roll FILE… --payroll FILE… [--returns FILE…] (--month YYYY-MM | --year YYYY) [选项]
  jixiao pay funds --ledger FILE… --year YYYY [--execution-rate budget|received] [--indicators OUT.json]
                                    按来源计算资金到位率、预算执行率
  jixiao pay rules [NAME|FILE]      打印规则文件（默认为内置的 rugao）
选项：[--format text|csv|csv-raw|json|xlsx] [--lang zh|en] [--out FILE] [--full-id] [--workers N]
  csv：给人看的表格，UTF-8 BOM、中文表头和取值、金额带千分位、身份证号脱敏（--lang en 为英文）；csv-raw：英文键名，供程序读取
退出状态：0 无问题，1 有问题，2 输入错误
`

// runPay is `jixiao pay`.
func runPay(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, payUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	switch args[0] {
	case "check":
		return runPayCheck(args[1:], stdout, stderr)
	case "funds":
		return runPayFunds(args[1:], stdout, stderr)
	case "rules":
		name := "rugao"
		if len(args) > 1 {
			name = args[1]
		}
		if name == "rugao" {
			stdout.Write(benefit.RugaoFile())
			return 0
		}
		if _, err := payrun.LoadRules(name); err != nil {
			fmt.Fprintln(stderr, "jixiao pay rules:", err)
			return 2
		}
		fmt.Fprintf(stdout, "%s: 规则文件有效 (rule file is valid)\n", name)
		return 0
	}
	fmt.Fprintf(stderr, "jixiao pay: 未知子命令 %q (unknown subcommand)\n%s", args[0], payUsage)
	return 2
}

func runPayCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pay check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg payrun.Config
	rulesArg := fs.String("rules", "rugao", "待遇规则：内置名称 rugao 或规则文件 (built-in name or rule file)")
	fs.Var((*files)(&cfg.Rolls), "roll", "待遇发放名册 (benefit roll), CSV 或 XLSX，可重复 (repeatable)")
	fs.Var((*files)(&cfg.Payrolls), "payroll", "发放明细 (payroll detail), CSV 或 XLSX，可重复")
	fs.Var((*files)(&cfg.Returns), "returns", "银行回盘 (bank returns: 回盘结果, 失败原因)，可选，可重复 (optional, repeatable)")
	month := fs.String("month", "", "核对月份 YYYY-MM (the month checked)")
	year := fs.Int("year", 0, "核对年度 YYYY (the year checked)")
	format := fs.String("format", "text", "输出格式 text|csv|csv-raw|json|xlsx (output format)")
	lang := fs.String("lang", "zh", "csv 的语言 zh|en (language of the csv for people)")
	out := fs.String("out", "", "输出文件，缺省为标准输出 (output file; default stdout)")
	fullID := fs.Bool("full-id", false, "文本与 xlsx 显示完整身份证号，缺省脱敏 (full IDs in text and xlsx; masked by default)")
	fs.IntVar(&cfg.Workers, "workers", 2, "读取线程数 (reader goroutines)")
	fundOut := fs.String("fund-request", "", "写出下月资金申请 .xlsx 或 .docx (write next month's fund request)")
	indOut := fs.String("indicators", "", "写出按数据计算的指标实际值 JSON，供 jixiao check --evidence 使用 (write the computed indicators)")
	unit := fs.String("unit", "如皋市被征地农民基本生活保障资金管理中心", "申请单位 (the requesting unit)")
	sentOn := fs.String("sent-on", "", "发放日期 YYYY-MM-DD，与 --due-on 一起计算及时发放率 (the day the money was sent to the bank)")
	dueOn := fs.String("due-on", "", "应发放日期 YYYY-MM-DD (the day the money was due)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "jixiao pay check: "+format+"\n", a...)
		return 2
	}
	if fs.NArg() > 0 {
		return fail("多余的参数 %q (unexpected arguments)", fs.Args())
	}
	if len(cfg.Rolls) == 0 || len(cfg.Payrolls) == 0 {
		return fail("须指定 --roll 与 --payroll (--roll and --payroll are required)")
	}
	switch {
	case *month != "" && *year != 0:
		return fail("--month 与 --year 只能选一个 (give --month or --year, not both)")
	case *month != "":
		m, ok := cal.ParseMonth(*month)
		if !ok {
			return fail("--month %q 应为 YYYY-MM", *month)
		}
		cfg.From, cfg.To = m, m
	case *year != 0:
		if *year < 1990 || *year > 2200 {
			return fail("--year %d 无效 (invalid year)", *year)
		}
		cfg.From, cfg.To = cal.MonthOf(*year, 1), cal.MonthOf(*year, 12)
	default:
		return fail("须指定 --month 或 --year (--month or --year is required)")
	}
	var sent, due cal.Date
	for _, d := range []struct {
		flag, v string
		dst     *cal.Date
	}{{"--sent-on", *sentOn, &sent}, {"--due-on", *dueOn, &due}} {
		if d.v == "" {
			continue
		}
		var ok bool
		if *d.dst, ok = cal.ParseDate(d.v); !ok {
			return fail("%s %q 应为 YYYY-MM-DD (should be YYYY-MM-DD)", d.flag, d.v)
		}
	}
	if (sent == 0) != (due == 0) {
		return fail("--sent-on 与 --due-on 须同时指定 (give both --sent-on and --due-on)")
	}
	switch *format {
	case "text", "csv", "csv-raw", "json":
	case "xlsx":
		if *out == "" {
			return fail("xlsx 输出须指定 --out (xlsx output needs --out)")
		}
	default:
		return fail("--format %q 应为 text|csv|csv-raw|json|xlsx", *format)
	}
	if *lang != "zh" && *lang != locale.EN {
		return fail("--lang %q 应为 zh|en", *lang)
	}
	rules, err := payrun.LoadRules(*rulesArg)
	if err != nil {
		return fail("%v", err)
	}
	cfg.Rules = rules
	prog := terminalProgress(stderr, cfg.Payrolls)
	if prog != nil {
		prog.bar.Label("读取发放明细 (reading payroll)")
		cfg.Progress = prog.sequential()
	}
	tunePayGC(cfg)
	run, err := payrun.Execute(cfg)
	prog.done()
	for _, rep := range run.Reports {
		for _, e := range rep.Errors {
			fmt.Fprintln(stderr, e.Error())
		}
		if rep.Rejected > len(rep.Errors) {
			fmt.Fprintf(stderr, "%s: 另有 %d 行被拒绝未列出 (%d more rejected rows not listed)\n", rep.File, rep.Rejected-len(rep.Errors), rep.Rejected-len(rep.Errors))
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "jixiao pay check: 核对失败，未输出任何结果 (check failed, nothing written):", err)
		return 2
	}
	res := run.Result
	p := cliLang(args)
	w := stdout
	var f *os.File
	if *out != "" && *format != "xlsx" {
		if f, err = os.Create(*out); err != nil {
			return fail("%v", err)
		}
		defer f.Close()
		w = f
	}
	switch *format {
	case "text":
		tw, flush := reportWriter(w, p)
		err = writePayText(tw, p, rules, res, run.Reports, *fullID)
		flush()
	case "csv":
		err = writePayPeopleCSV(w, res, locale.New(*lang), *fullID)
	case "csv-raw":
		err = writePayCSV(w, res)
	case "json":
		err = writePayJSON(w, rules, res)
	case "xlsx":
		err = writePayXLSX(*out, rules, res, *fullID)
	}
	if err != nil {
		fmt.Fprintln(stderr, "jixiao pay check: 写出结果失败 (writing output failed):", err)
		return 2
	}
	if *format != "text" {
		writePaySummary(stderr, p, rules, res)
	}
	provenance := "jixiao pay check " + strings.Join(cfg.Payrolls, ",")
	ev := payroll.Indicators(res, provenance)
	if t, ok := payroll.Timely(res, sent, due, provenance); ok {
		ev = append(ev, t)
	}
	if *format != "json" {
		for _, e := range ev {
			fmt.Fprintf(stderr, "指标 (indicator) “%s” = %s (%d ÷ %d, %s)\n", e.Indicator, e.Percent(), e.Num, e.Den, e.Period)
		}
	}
	if *indOut != "" {
		b, _ := json.MarshalIndent(ev, "", "  ")
		if err := os.WriteFile(*indOut, append(b, '\n'), 0o644); err != nil {
			fmt.Fprintln(stderr, "jixiao pay check: 写出指标失败 (writing indicators failed):", err)
			return 2
		}
	}
	if *fundOut != "" {
		if err := writeFund(*fundOut, run, rules, *unit); err != nil {
			fmt.Fprintln(stderr, "jixiao pay check: 写出资金申请失败 (writing the fund request failed):", err)
			return 2
		}
		fmt.Fprintln(stderr, say(p, "资金申请 (fund request) %s：%d 人 %s 元 → %s", run.Fund.Month, run.Fund.People, run.Fund.Total, *fundOut))
	}
	if len(res.Findings) > 0 {
		return 1
	}
	return 0
}

func maskIf(id string, full bool) string {
	if full {
		return id
	}
	return cnid.Mask(id)
}

func payPeriod(res *payroll.Result) string {
	if res.From == res.To {
		return res.From.String()
	}
	return res.From.String() + " – " + res.To.String()
}

// writePaySummary prints the reconciled summary and the totals per kind,
// in the printer's language (the Chinese lines as they always were).
func writePaySummary(w io.Writer, p locale.Printer, rules *benefit.Rules, res *payroll.Result) {
	fmt.Fprintln(w, say(p, "发放核对 (payroll check) %s，规则 (rules) %s", payPeriod(res), rules.Name))
	mark := "✓"
	if !res.Reconciles() {
		mark = "✗ 不平 (does not reconcile)"
	}
	fmt.Fprintln(w, say(p, "读取 %d 行 = 核对无误 %d + 有问题 %d + 无法核对 %d + 期间外 %d + 拒绝 %d %s", res.Read, res.Verified, res.FindingRows, res.Unverified, res.Outside, res.Rejected, mark))
	fmt.Fprintf(w, "(rows read = verified + findings + unverifiable + outside the period + rejected)\n")
	if res.Outside > 0 {
		fmt.Fprintln(w, say(p, "期间外 (outside the period) %d 行：其他月份的发放，未核对 (other months' payments, not checked)", res.Outside))
	}
	fmt.Fprintln(w, say(p, "应发 (due) %s 元，实发 (paid) %s 元（已核对各行 / rows verified or with findings）", res.Due, res.Paid))
	var over, under int64
	for _, k := range payroll.Kinds() {
		t, ok := res.ByKind[k]
		if !ok {
			continue
		}
		fmt.Fprintln(w, say(p, "  %-22s %5d 人 %6d 行  差额 %s 元", p.T(k.LabelZH())+" ("+k.String()+")", t.People, t.Rows, t.Difference))
		if k.Overpayment() {
			over += int64(t.Difference)
		} else {
			under -= int64(t.Difference)
		}
	}
	fmt.Fprintln(w, say(p, "多发应追回 (overpaid, to recover as 多领) %s 元；少发应补发 (underpaid, to back-pay) %s 元", money.Fen(over), money.Fen(under)))
	if len(res.Shared) > 0 {
		n := 0
		for _, s := range res.Shared {
			n += len(s.IDs)
		}
		fmt.Fprintln(w, say(p, "多人共用银行账号 (shared accounts, review) %d 个，涉及 %d 人", len(res.Shared), n))
	}
	for _, u := range res.Unverifiable {
		fmt.Fprintln(w, say(p, "无法核对 (unverifiable) %d 行：%s", u.Rows, payReason(p, u.Reason)))
	}
	if rr := res.Returns; rr != nil {
		rate := rr.RateByAmount()
		fmt.Fprintln(w, say(p, "银行回盘 (bank returns) %d 行：成功 %d 笔 %s 元，失败 %d 笔 %s 元；发放率 (paid ÷ due) %s（%s ÷ %s 元），按笔 %s",
			rr.Rows, rr.Succeeded, rr.SucceededAmount, rr.FailedRows, rr.FailedAmt, rate.Percent(), rr.SucceededAmount, rr.DueAmount, rr.RateByRows().Percent()))
		if len(rr.Missing) > 0 {
			fmt.Fprintln(w, say(p, "  无回盘的月份 (months without any return row) %s：发放率未计算，请按有回盘的月份核对 (no payout rate: check the months returned with --month)", payroll.MonthsText(rr.Missing)))
		}
		if rr.NotReturned > 0 || rr.NotInPayroll > 0 {
			fmt.Fprintln(w, say(p, "  明细中有、回盘中无 (paid, not returned) %d 人月；回盘中有、明细中无 (returned, not in the payroll) %d 行", rr.NotReturned, rr.NotInPayroll))
		}
		if rr.Outside > 0 {
			fmt.Fprintln(w, say(p, "  回盘中其他月份 (return rows outside the period, not counted) %d 行", rr.Outside))
		}
		if len(rr.PossibleDeaths) > 0 {
			fmt.Fprintln(w, say(p, "  账户销户/冻结 %d 人，已列入生存稽核待核实 (closed or frozen accounts offered to the survival audit for review)", len(rr.PossibleDeaths)))
		}
	}
	if res.RollSkipped > 0 {
		fmt.Fprintln(w, say(p, "名册中 %d 行身份证号无效或重复，未参与核对 (roll rows with an unusable or repeated ID skipped)", res.RollSkipped))
	}
}

// payReason is an unverifiable rows' reason ("缴费年限不明 (contribution
// years unknown)") in the printer's language; Chinese as written.
func payReason(p locale.Printer, r string) string {
	if p.IsEN() {
		return p.One(r)
	}
	return r
}

func writePayText(w io.Writer, p locale.Printer, rules *benefit.Rules, res *payroll.Result, reps []rollfile.Report, fullID bool) error {
	bw := bufio.NewWriter(w)
	writePaySummary(bw, p, rules, res)
	for _, k := range payroll.Kinds() {
		if _, ok := res.ByKind[k]; !ok {
			continue
		}
		fmt.Fprintf(bw, "\n%s (%s)\n", p.T(k.LabelZH()), k)
		for _, f := range res.Findings {
			if f.Kind != k {
				continue
			}
			fmt.Fprintln(bw, say(p, "  %s %s %s %s  月份 %s  应发 %s 实发 %s 差额 %s", maskIf(f.ID, fullID), datum(p, f.Name), datum(p, f.Town), datum(p, f.Scheme),
				payroll.MonthsText(f.Months), f.Expected, f.Paid, f.Difference()))
			fmt.Fprintf(bw, "    %s\n", p.Formula(f.Formula))
		}
	}
	if len(res.Shared) > 0 {
		fmt.Fprintf(bw, "\n多人共用银行账号 (shared accounts, review — not an error)\n")
		for _, s := range res.Shared {
			var who []string
			for i := range s.IDs {
				who = append(who, datum(p, s.Names[i])+" "+maskIf(s.IDs[i], fullID)+" "+datum(p, s.Towns[i]))
			}
			fmt.Fprintf(bw, "  %s: %s\n", s.Account, strings.Join(who, p.Pick("；", "; ")))
		}
	}
	if rr := res.Returns; rr != nil && len(rr.Failed) > 0 {
		fmt.Fprintf(bw, "\n回盘失败，待重新发放 (failed payments to issue again)\n")
		for _, f := range rr.Failed {
			death := ""
			if f.Class == payroll.FailClosed || f.Class == payroll.FailFrozen {
				death = "  → 生存稽核待核实 (survival review)"
			}
			fmt.Fprintln(bw, say(p, "  %s %s %s %s %s 元  %s（%s）%s", maskIf(f.ID, fullID), datum(p, f.Name), datum(p, f.Town), f.Month, f.Amount, datum(p, f.Reason), p.T(f.Class.LabelZH()), death))
		}
	}
	for _, u := range res.Unverifiable {
		fmt.Fprintln(bw, say(p, "\n无法核对 (unverifiable): %s — %d 行，例如 (e.g.)", payReason(p, u.Reason), u.Rows))
		for _, s := range u.Sample {
			fmt.Fprintf(bw, "  %s:%d %s\n", s.File, s.Line, maskIf(s.ID, fullID))
		}
	}
	return bw.Flush()
}

var payCSVHeader = []string{"id_number", "name", "town", "scheme", "kind", "kind_zh", "months", "expected", "paid", "difference", "formula", "lines"}

func findingCells(f *payroll.Finding) []string {
	var ms, ls []string
	for _, m := range f.Months {
		ms = append(ms, m.String())
	}
	for _, l := range f.Lines {
		ls = append(ls, strconv.Itoa(l))
	}
	return []string{f.ID, f.Name, f.Town, f.Scheme, f.Kind.String(), f.Kind.LabelZH(), strings.Join(ms, ";"),
		f.Expected.String(), f.Paid.String(), f.Difference().String(), f.Formula, strings.Join(ls, ";")}
}

// payPeopleHeader is the findings' header for people (the csv and the
// workbook), in Chinese; the catalogue has the English.
var payPeopleHeader = []string{"身份证号", "姓名", "镇（街道）", "险种", "问题类型", "月份", "应发", "实发", "差额", "计算公式"}

// writePayPeopleCSV writes the findings for people: a UTF-8 BOM, the
// header and the kind in the printer's language, amounts with thousands
// separators, IDs masked unless fullID.
func writePayPeopleCSV(w io.Writer, res *payroll.Result, p locale.Printer, fullID bool) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(utf8BOM)
	cw := csv.NewWriter(bw)
	cw.Write(translated(p, payPeopleHeader))
	for i := range res.Findings {
		f := &res.Findings[i]
		cw.Write([]string{maskIf(f.ID, fullID), f.Name, f.Town, f.Scheme, p.T(f.Kind.LabelZH()), payroll.MonthsText(f.Months),
			f.Expected.Yuan(), f.Paid.Yuan(), f.Difference().Yuan(), f.Formula})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// writePayCSV writes the findings for programs: the English keys, full IDs.
func writePayCSV(w io.Writer, res *payroll.Result) error {
	cw := csv.NewWriter(w)
	cw.Write(payCSVHeader)
	for i := range res.Findings {
		cw.Write(findingCells(&res.Findings[i]))
	}
	cw.Flush()
	return cw.Error()
}

// payJSON is the stable JSON output of `jixiao pay check`.
type payJSON struct {
	Rules        string                  `json:"rules"`
	From         string                  `json:"from"`
	To           string                  `json:"to"`
	Summary      paySummaryJSON          `json:"summary"`
	Findings     []payFindingJSON        `json:"findings"`
	Shared       []payroll.SharedAccount `json:"shared_accounts"`
	Unverifiable []payroll.Unverifiable  `json:"unverifiable"`
	Returns      *payReturnsJSON         `json:"returns,omitempty"`
}

type payReturnsJSON struct {
	Rows           int           `json:"rows"`
	Succeeded      int           `json:"succeeded"`
	Failed         int           `json:"failed"`
	PaidAmount     json.Number   `json:"paid_amount"`
	DueAmount      json.Number   `json:"due_amount"`
	DueRows        int           `json:"due_rows"`
	Rate           string        `json:"payout_rate"`
	RateByRows     string        `json:"payout_rate_by_rows"`
	NotReturned    int           `json:"not_returned"`
	NotInPayroll   int           `json:"not_in_payroll"`
	Outside        int           `json:"outside_period"`
	Missing        []string      `json:"months_without_returns"`
	FailedPayments []payFailJSON `json:"failed_payments"`
	PossibleDeaths []string      `json:"possible_deaths"`
}

type payFailJSON struct {
	IDNumber string      `json:"id_number"`
	Name     string      `json:"name"`
	Month    string      `json:"month"`
	Amount   json.Number `json:"amount"`
	Reason   string      `json:"reason"`
	Class    string      `json:"class"`
}

type paySummaryJSON struct {
	Read        int         `json:"rows_read"`
	Verified    int         `json:"verified"`
	FindingRows int         `json:"finding_rows"`
	Unverified  int         `json:"unverifiable"`
	Outside     int         `json:"outside_period"`
	Rejected    int         `json:"rejected"`
	Reconciles  bool        `json:"reconciles"`
	Due         json.Number `json:"due"`
	Paid        json.Number `json:"paid"`
}

type payFindingJSON struct {
	IDNumber   string      `json:"id_number"`
	Name       string      `json:"name"`
	Town       string      `json:"town"`
	Scheme     string      `json:"scheme"`
	Kind       string      `json:"kind"`
	KindZH     string      `json:"kind_zh"`
	Months     []string    `json:"months"`
	Expected   json.Number `json:"expected"`
	Paid       json.Number `json:"paid"`
	Difference json.Number `json:"difference"`
	Formula    string      `json:"formula"`
	Lines      []int       `json:"lines"`
}

func writePayJSON(w io.Writer, rules *benefit.Rules, res *payroll.Result) error {
	out := payJSON{Rules: rules.Name, From: res.From.String(), To: res.To.String(),
		Summary: paySummaryJSON{Read: res.Read, Verified: res.Verified, FindingRows: res.FindingRows, Unverified: res.Unverified,
			Outside: res.Outside, Rejected: res.Rejected, Reconciles: res.Reconciles(), Due: json.Number(res.Due.String()), Paid: json.Number(res.Paid.String())},
		Findings: []payFindingJSON{}, Shared: res.Shared, Unverifiable: res.Unverifiable}
	if out.Shared == nil {
		out.Shared = []payroll.SharedAccount{}
	}
	if out.Unverifiable == nil {
		out.Unverifiable = []payroll.Unverifiable{}
	}
	if rr := res.Returns; rr != nil {
		rj := &payReturnsJSON{Rows: rr.Rows, Succeeded: rr.Succeeded, Failed: rr.FailedRows, PaidAmount: json.Number(rr.SucceededAmount.String()),
			DueAmount: json.Number(rr.DueAmount.String()), DueRows: rr.DueRows, Rate: rr.RateByAmount().Percent(), RateByRows: rr.RateByRows().Percent(),
			NotReturned: rr.NotReturned, NotInPayroll: rr.NotInPayroll, Outside: rr.Outside, Missing: []string{}, FailedPayments: []payFailJSON{}, PossibleDeaths: []string{}}
		for _, m := range rr.Missing {
			rj.Missing = append(rj.Missing, m.String())
		}
		for _, f := range rr.Failed {
			rj.FailedPayments = append(rj.FailedPayments, payFailJSON{f.ID, f.Name, f.Month.String(), json.Number(f.Amount.String()), f.Reason, string(f.Class)})
		}
		for _, f := range rr.PossibleDeaths {
			rj.PossibleDeaths = append(rj.PossibleDeaths, f.ID)
		}
		out.Returns = rj
	}
	for _, f := range res.Findings {
		var ms []string
		for _, m := range f.Months {
			ms = append(ms, m.String())
		}
		out.Findings = append(out.Findings, payFindingJSON{f.ID, f.Name, f.Town, f.Scheme, f.Kind.String(), f.Kind.LabelZH(), ms,
			json.Number(f.Expected.String()), json.Number(f.Paid.String()), json.Number(f.Difference().String()), f.Formula, f.Lines})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writePayXLSX writes the workbook for people: 汇总, 问题明细, 追回名单
// (多领), 补发名单, 共用账号, 无法核对.
func writePayXLSX(path string, rules *benefit.Rules, res *payroll.Result, fullID bool) error {
	x := excelize.NewFile()
	defer x.Close()
	sheet := func(name string, rows [][]any) {
		if _, err := x.NewSheet(name); err != nil {
			return
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			x.SetSheetRow(name, cell, &r)
		}
		x.SetColWidth(name, "A", "A", 22)
	}
	var sum strings.Builder
	writePaySummary(&sum, locale.New(locale.ZH), rules, res)
	var srows [][]any
	for _, l := range strings.Split(strings.TrimSpace(sum.String()), "\n") {
		srows = append(srows, []any{l})
	}
	sheet("汇总", srows)
	head := make([]any, len(payPeopleHeader))
	for i, h := range payPeopleHeader {
		head[i] = h
	}
	row := func(f *payroll.Finding) []any {
		return []any{maskIf(f.ID, fullID), f.Name, f.Town, f.Scheme, f.Kind.LabelZH(), payroll.MonthsText(f.Months),
			yuanNumber(int64(f.Expected)), yuanNumber(int64(f.Paid)), yuanNumber(int64(f.Difference())), f.Formula}
	}
	all, rec, back := [][]any{head}, [][]any{head}, [][]any{head}
	for i := range res.Findings {
		f := &res.Findings[i]
		all = append(all, row(f))
		if f.Kind.Overpayment() {
			rec = append(rec, row(f))
		} else {
			back = append(back, row(f))
		}
	}
	sheet("问题明细", all)
	sheet("追回名单（多领）", rec)
	sheet("补发名单", back)
	sh := [][]any{{"银行账号", "身份证号", "姓名", "镇（街道）"}}
	for _, s := range res.Shared {
		for i := range s.IDs {
			sh = append(sh, []any{s.Account, maskIf(s.IDs[i], fullID), s.Names[i], s.Towns[i]})
		}
	}
	sheet("共用账号（待核实）", sh)
	un := [][]any{{"原因", "行数", "示例文件", "示例行", "示例身份证号"}}
	for _, u := range res.Unverifiable {
		for i, s := range u.Sample {
			if i == 0 {
				un = append(un, []any{u.Reason, u.Rows, s.File, s.Line, maskIf(s.ID, fullID)})
			} else {
				un = append(un, []any{"", "", s.File, s.Line, maskIf(s.ID, fullID)})
			}
		}
	}
	sheet("无法核对", un)
	if rr := res.Returns; rr != nil {
		fl := [][]any{{"身份证号", "姓名", "镇（街道）", "发放年月", "金额", "失败原因", "类别", "生存稽核"}}
		for _, f := range rr.Failed {
			review := ""
			if f.Class == payroll.FailClosed || f.Class == payroll.FailFrozen {
				review = "待核实是否死亡"
			}
			fl = append(fl, []any{maskIf(f.ID, fullID), f.Name, f.Town, f.Month.String(), yuanNumber(int64(f.Amount)), f.Reason, f.Class.LabelZH(), review})
		}
		sheet("回盘失败（重新发放）", fl)
	}
	x.DeleteSheet("Sheet1")
	return x.SaveAs(path)
}

// yuanNumber is an amount for a spreadsheet cell (display only; the text
// outputs are exact).
func yuanNumber(v int64) any {
	f, _ := strconv.ParseFloat(money.Fen(v).String(), 64)
	return f
}

// genPayroll is the payroll part of `jixiao gen --payroll`.
func genPayroll(g *auditgen.Gen, pc auditgen.PayConfig, dir string, bar *progress.Bar, p locale.Printer, stdout, stderr io.Writer) int {
	pf, ps, err := g.WritePayroll(dir)
	bar.Done()
	if err != nil {
		fmt.Fprintln(stderr, "jixiao gen: 写发放明细失败 (writing payroll failed):", err)
		return 1
	}
	fmt.Fprintln(stdout, say(p, "  %-40s %d 年发放明细 (payroll) %d 行，%d 人", pf.Payroll, pc.Year, ps.Rows, ps.People))
	fmt.Fprintf(stdout, "  %-40s 待遇规则 (rules, = built-in rugao)\n", pf.Rules)
	fmt.Fprintln(stdout, say(p, "  %-40s 注入的发放错误 (injected payroll errors) %d 条", pf.Truth, ps.Truth))
	fmt.Fprintf(stdout, "下一步 (next): jixiao pay check --rules %s --roll %s --payroll %s --year %d\n", pf.Rules, filepath.Join(dir, "roll.csv"), pf.Payroll, pc.Year)
	return 0
}

func writeFund(path string, run *payrun.Run, rules *benefit.Rules, unit string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".docx":
		err = payrun.WriteFundDOCX(f, run.Fund, rules, unit)
	case ".xlsx":
		err = payrun.WriteFundXLSX(f, run.Fund, rules)
	default:
		err = fmt.Errorf("%s: 应为 .xlsx 或 .docx (must end in .xlsx or .docx)", path)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// runPayFunds is `jixiao pay funds`: the year's budget, receipts and
// payouts per source from a ledger → 资金到位率 and 预算执行率.
func runPayFunds(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pay funds", flag.ContinueOnError)
	messagesLang(fs)
	fs.SetOutput(stderr)
	var ledgers files
	fs.Var(&ledgers, "ledger", "资金台账 CSV：月份,资金来源,类别(预算/到位/支出),金额,备注 (funds ledger)，可重复")
	year := fs.Int("year", 0, "年度 YYYY (the year)")
	execRate := fs.String("execution-rate", "budget", "预算执行率口径 budget（支出÷预算）或 received（支出÷到位）")
	indOut := fs.String("indicators", "", "写出指标实际值 JSON，供 jixiao check --evidence 使用")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(ledgers) == 0 || *year == 0 || (*execRate != "budget" && *execRate != "received") {
		fmt.Fprintln(stderr, "jixiao pay funds: 须指定 --ledger 与 --year；--execution-rate 为 budget 或 received")
		return 2
	}
	var lines []payroll.LedgerLine
	for _, p := range ledgers {
		data, err := os.ReadFile(p)
		if err == nil {
			var ls []payroll.LedgerLine
			ls, err = payrun.ReadLedger(p, data)
			lines = append(lines, ls...)
		}
		if err != nil {
			fmt.Fprintln(stderr, "jixiao pay funds:", err)
			return 2
		}
	}
	ys := payroll.FundsYear(lines, *year, *execRate == "received")
	fmt.Fprintf(stdout, "%d 年资金 (funds)：%s\n", *year, strings.Join(ledgers, ", "))
	fmt.Fprintf(stdout, "%-8s %16s %16s %16s %10s %10s\n", "来源", "预算", "到位", "支出", "资金到位率", "预算执行率")
	for _, y := range ys {
		fmt.Fprintf(stdout, "%-8s %16s %16s %16s %10s %10s\n", y.Source, y.Budget, y.Received, y.Spent, y.ReceivedRate.Percent(), y.ExecRate.Percent())
	}
	if *indOut != "" {
		ev := payroll.FundsEvidence(ys, *year, "jixiao pay funds "+strings.Join(ledgers, ","))
		b, _ := json.MarshalIndent(ev, "", "  ")
		if err := os.WriteFile(*indOut, append(b, '\n'), 0o644); err != nil {
			fmt.Fprintln(stderr, "jixiao pay funds:", err)
			return 2
		}
	}
	return 0
}

// tunePayGC is tuneGC for the payroll check: the heap may grow to twice
// its live size, with a soft limit (payrun.MemoryLimit) of 1 GiB for a
// city year that grows with a larger roll, so that the collector does not
// run without end when the live heap is above the limit. GOGC /
// GOMEMLIMIT in the environment win.
func tunePayGC(cfg payrun.Config) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(payrun.MemoryLimit(cfg))
	}
}
