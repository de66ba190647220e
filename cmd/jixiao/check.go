package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/locale"
	"jixiao/internal/project"
	"jixiao/internal/report"
	"jixiao/internal/report/importer"
	"jixiao/internal/report/plaintext"
)

// checkedReport is one report and what the checker made of it.
type checkedReport struct {
	r   *eval.Report
	res eval.Result
}

// jsonReport is the stable JSON form of a checked report (see README.md).
type jsonReport struct {
	File          string        `json:"file"`
	Line          int           `json:"line"`
	Unit          string        `json:"unit"`
	Project       string        `json:"project"`
	Year          int           `json:"year"`
	Layout        string        `json:"layout"`
	DeclaredTotal *json.Number  `json:"declared_total"`
	ComputedTotal json.Number   `json:"computed_total"`
	RuleTotal     json.Number   `json:"rule_total"`
	WeightTotal   json.Number   `json:"weight_total"`
	DeclaredGrade string        `json:"declared_grade"`
	Grade         string        `json:"grade"`
	Findings      []jsonFinding `json:"findings"`
	Rows          []jsonRow     `json:"rows"`
}

// jsonRow is one indicator as written and as the rule set scores it.
type jsonRow struct {
	Line            int          `json:"line"`
	Level1          string       `json:"level1"`
	Level2          string       `json:"level2"`
	Level3          string       `json:"level3"`
	Target          string       `json:"target"`
	Actual          string       `json:"actual"`
	Weight          json.Number  `json:"weight"`
	Score           *json.Number `json:"score"`
	RuleScore       *json.Number `json:"rule_score"`
	RuleRange       string       `json:"rule_range"`
	Direction       string       `json:"direction"`
	DirectionReason string       `json:"direction_reason"`
	Met             bool         `json:"met"`
	Explanation     string       `json:"explanation"`
	Basis           string       `json:"basis"`
}

type jsonFinding struct {
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Indicator string `json:"indicator"`
	Line      int    `json:"line"`
	MessageZH string `json:"message_zh"`
	MessageEN string `json:"message_en"`
}

func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "输出格式 text|json (output format)")
	rules := fs.String("rules", "default", "规则：内置名称 (default, caiyu-2020-10, fasp2) 或规则文件路径 (rule set name or file)")
	lang := fs.String("lang", "zh", "文字输出语言 zh|en (language of text output)")
	var evidence files // repeatable: the payroll's indicators and the funds' (pay check / pay funds --indicators)
	fs.Var(&evidence, "evidence", "按业务数据计算的指标实际值 JSON（jixiao pay check --indicators 写出）(computed indicators)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法: jixiao check [--format text|json] [--rules NAME|FILE] [--evidence FILE] FILE...")
		fmt.Fprintln(stderr, "检查绩效自评报告；有错误级发现时退出码为 1，文件无法读取时为 2。")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitFlag(err)
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "jixiao check: --format 应为 text 或 json，而不是 %q\n", *format)
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	rs, err := project.LoadRuleSet(*rules)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao check: %v\n", err)
		return 2
	}
	checked, readErr := readAndCheck(fs.Args(), stdin, rs, stderr)
	for _, path := range evidence {
		if err := addEvidence(checked, path); err != nil {
			fmt.Fprintf(stderr, "jixiao check: %v\n", err)
			return 2
		}
	}
	if readErr {
		// Still print what could be read, then report the failure.
		defer fmt.Fprintln(stderr, "jixiao check: 有文件无法读取 (some inputs could not be read)")
	}
	if *format == "json" {
		writeJSON(stdout, checked)
	} else {
		writeText(stdout, checked, rs, *lang == "en")
	}
	switch {
	case readErr:
		return 2
	case anyErrors(checked):
		return 1
	}
	return 0
}

// readAndCheck reads every file ("-" is standard input) and checks every
// report. Read errors are printed to stderr with file and line.
func readAndCheck(files []string, stdin io.Reader, rs *eval.RuleSet, stderr io.Writer) ([]checkedReport, bool) {
	var out []checkedReport
	failed := false
	for _, name := range files {
		reports, err := readReports(name, stdin)
		if err != nil {
			failed = true
			var list plaintext.ErrorList
			switch {
			case errors.As(err, &list):
				for _, e := range list {
					fmt.Fprintln(stderr, e.Error())
				}
			default:
				printReadError(stderr, "check", err)
			}
			continue
		}
		for i, res := range eval.CheckAll(reports, rs, 0) {
			out = append(out, checkedReport{reports[i], res})
		}
	}
	return out, failed
}

func readReports(name string, stdin io.Reader) ([]*eval.Report, error) {
	if name == "-" {
		return plaintext.Read("<stdin>", stdin)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%s: 无法打开 (cannot open): %w", name, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s: 是目录而不是文件 (is a directory)", name)
	}
	// .xlsx and .docx forms go through the document importer; plain text
	// is read here directly, as it may be far larger than an upload.
	if kind, err := importer.Sniff(name, f, st.Size()); err != nil {
		return nil, err
	} else if kind != importer.KindText {
		imp, err := importer.Read(name, f, st.Size(), report.Options{})
		if err != nil {
			return nil, err
		}
		return imp.Reports, nil
	}
	rs, err := plaintext.Read(name, f)
	if err != nil && st.Size() <= report.DefaultLimits.MaxUpload {
		// Not the seed reports' text: a pasted form or a prose 自评报告.
		if imp, ierr := importer.Read(name, f, st.Size(), report.Options{}); ierr == nil {
			return imp.Reports, nil
		}
	}
	return rs, err
}

func anyErrors(cs []checkedReport) bool {
	for _, c := range cs {
		if c.res.Errors() > 0 {
			return true
		}
	}
	return false
}

func exitFlag(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

func toJSON(c checkedReport) jsonReport {
	j := jsonReport{
		File: c.r.Source, Line: c.r.Line, Unit: c.r.Unit, Project: c.r.Project, Year: c.r.Year,
		Layout:        string(c.r.Layout),
		ComputedTotal: json.Number(c.res.ComputedTotal.String()),
		RuleTotal:     json.Number(c.res.RuleTotal.String()),
		WeightTotal:   json.Number(c.res.WeightTotal.String()),
		DeclaredGrade: c.res.DeclaredGrade,
		Grade:         c.res.Grade,
		Findings:      []jsonFinding{},
	}
	if c.res.HasDeclaredTotal {
		n := json.Number(c.res.DeclaredTotal.String())
		j.DeclaredTotal = &n
	}
	for _, f := range c.res.Findings {
		j.Findings = append(j.Findings, jsonFinding{f.Rule, f.Severity.String(), f.Indicator, f.Line, f.MessageZH, f.MessageEN})
	}
	j.Rows = []jsonRow{}
	for i, row := range c.r.Sheet.Rows {
		sc := c.res.Scores[i]
		jr := jsonRow{
			Line: row.Line, Level1: row.Level1, Level2: row.Level2, Level3: row.Level3,
			Target: row.Target.String(), Actual: row.Actual.String(), Weight: json.Number(row.Weight.String()),
			RuleRange: sc.Range(), Direction: sc.Direction.String(), DirectionReason: sc.DirectionReason,
			Met: sc.Met, Explanation: sc.Explain, Basis: row.Basis,
		}
		if row.HasScore {
			n := json.Number(row.Score.String())
			jr.Score = &n
		}
		if sc.Exact {
			n := json.Number(sc.Expected.String())
			jr.RuleScore = &n
		}
		j.Rows = append(j.Rows, jr)
	}
	return j
}

func writeJSON(w io.Writer, cs []checkedReport) {
	out := struct {
		Reports []jsonReport `json:"reports"`
	}{Reports: []jsonReport{}}
	for _, c := range cs {
		out.Reports = append(out.Reports, toJSON(c))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(out)
}

func writeText(w io.Writer, cs []checkedReport, rs *eval.RuleSet, en bool) {
	var nErr, nWarn, nInfo int
	for i, c := range cs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		declared := "未载明"
		if en {
			declared = "not stated"
		}
		if c.res.HasDeclaredTotal {
			declared = c.res.DeclaredTotal.String()
		}
		if en {
			fmt.Fprintf(w, "== %s:%d  %s — %s (%d)\n", c.r.Source, c.r.Line, c.r.Unit, c.r.Project, c.r.Year)
			fmt.Fprintf(w, "   declared total %s   computed total %s   grade %s   rule total %s   (%s)\n",
				declared, c.res.ComputedTotal, locale.New(locale.EN).T(c.res.Grade), c.res.RuleTotal, rs.Name)
		} else {
			fmt.Fprintf(w, "== %s:%d  %s —— %s（%d 年）\n", c.r.Source, c.r.Line, c.r.Unit, c.r.Project, c.r.Year)
			fmt.Fprintf(w, "   自评得分 %s   评分表合计 %s   等级 %s   按规则合计 %s（%s）\n",
				declared, c.res.ComputedTotal, c.res.Grade, c.res.RuleTotal, rs.Name)
		}
		if len(c.res.Findings) == 0 {
			if en {
				fmt.Fprintln(w, "   no findings")
			} else {
				fmt.Fprintln(w, "   未发现问题")
			}
		}
		for _, f := range c.res.Findings {
			switch f.Severity {
			case eval.SevError:
				nErr++
			case eval.SevWarning:
				nWarn++
			default:
				nInfo++
			}
			loc := ""
			if f.Line > 0 {
				loc = fmt.Sprintf("第%d行 ", f.Line)
				if en {
					loc = fmt.Sprintf("line %d ", f.Line)
				}
			}
			ind := ""
			if f.Indicator != "" {
				ind = "【" + f.Indicator + "】"
			}
			msg, sev := f.MessageZH, locale.SeverityNames[f.Severity.String()]
			if en {
				msg, sev = f.MessageEN, f.Severity.String()
			}
			fmt.Fprintf(w, "   %-4s %s%s%s (%s)\n", sev, loc, ind, msg, f.Rule)
		}
	}
	if en {
		fmt.Fprintf(w, "\n%d reports: %d errors, %d warnings, %d notes\n", len(cs), nErr, nWarn, nInfo)
	} else {
		fmt.Fprintf(w, "\n共 %d 份报告：错误 %d，警告 %d，提示 %d\n", len(cs), nErr, nWarn, nInfo)
	}
}

// runScore prints each sheet with the rule's score and its explanation.
func runScore(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("score", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rules := fs.String("rules", "default", "规则：内置名称或规则文件路径 (rule set name or file)")
	lang := fs.String("lang", "zh", "文字输出语言 zh|en (language of text output)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法: jixiao score [--rules NAME|FILE] [--lang zh|en] FILE...")
		fmt.Fprintln(stderr, "按规则重算评分表，逐项给出得分及计算过程。")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitFlag(err)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	rs, err := project.LoadRuleSet(*rules)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao score: %v\n", err)
		return 2
	}
	p := locale.New(*lang)
	checked, readErr := readAndCheck(fs.Args(), stdin, rs, stderr)
	for i, c := range checked {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "== %s —— %s%s\n", c.r.Unit, c.r.Project, p.Tf("（%d 年，规则 %s）", c.r.Year, rs.Name))
		fmt.Fprintf(stdout, "%-4s %-22s %-10s %-10s %-6s %-6s %-6s %-5s %s\n", p.Pick("行", "Line"), p.Pick("三级指标", "Indicator"), p.Pick("目标", "Target"), p.Pick("实际", "Actual"), p.Pick("权重", "Weight"), p.Pick("填报", "Written"), p.Pick("规则", "Rule"), p.Pick("方向", "Direction"), p.Pick("计算", "Formula"))
		for j, row := range c.r.Sheet.Rows {
			sc := c.res.Scores[j]
			rule := sc.Range()
			if sc.Exact {
				rule = sc.Expected.String()
			}
			written := "—"
			if row.HasScore {
				written = row.Score.String()
			}
			dir := p.Pick(sc.Direction.String(), sc.Direction.English())
			if sc.Inferred {
				dir += "*"
			}
			fmt.Fprintf(stdout, "%-4d %-22s %-10s %-10s %-6s %-6s %-6s %-5s %s\n", row.Line, pad(row.Level3, 22), row.Target, row.Actual, row.Weight, written, rule, dir, p.Pick(sc.Explain, sc.ExplainEN))
		}
		fmt.Fprintln(stdout, p.Tf("合计：权重 %s，填报得分 %s，按规则 %s，等级 %s", c.res.WeightTotal, c.res.ComputedTotal, c.res.RuleTotal, p.T(rs.Grade(c.res.RuleTotal))))
		fmt.Fprintln(stdout, p.T("（方向后带 * 者为推断所得；可在评分表“指标方向”列明确填写。）"))
	}
	if readErr {
		return 2
	}
	return 0
}

// pad truncates a long indicator name so columns stay readable.
func pad(s string, n int) string {
	r := []rune(s)
	if len(r) > n/2+2 {
		return string(r[:n/2+1]) + "…"
	}
	return strings.TrimSpace(s)
}
