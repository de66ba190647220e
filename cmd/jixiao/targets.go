package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/locale"
	"jixiao/internal/targetcheck"
)

// runTargets runs the automatic target-quality checks on declared target
// sheets, against last year's reports when --last names them.
func runTargets(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("targets", flag.ContinueOnError)
	lang := messagesLang(fs)
	fs.SetOutput(stderr)
	var lastFiles []string
	fs.Func("last", "上年报告（含实际完成值），可重复或逗号分隔 (last year's reports)", func(s string) error {
		for _, f := range strings.Split(s, ",") {
			if f = strings.TrimSpace(f); f != "" {
				lastFiles = append(lastFiles, f)
			}
		}
		return nil
	})
	format := fs.String("format", "text", "输出格式 text|json (output format)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法: jixiao targets [--last FILE] [--format text|json] FILE...")
		fmt.Fprintln(stderr, "绩效目标自动审核：维度缺失、目标不可衡量、成本无金额、低于上年实际、与上年相同。有错误级发现时退出码为 1，文件无法读取时为 2。")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitFlag(err)
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "jixiao targets: --format 应为 text 或 json，而不是 %q\n", *format)
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	rs := eval.DefaultRuleSet()
	cur, bad := readAndCheck(fs.Args(), stdin, rs, stderr)
	last, badLast := readAndCheck(lastFiles, stdin, rs, stderr)
	if bad || badLast {
		fmt.Fprintln(stderr, "jixiao targets: 有文件无法读取 (some inputs could not be read)")
		return 2
	}
	type key struct {
		unit, project string
		year          int
	}
	prev := map[key]*eval.Report{}
	for _, c := range last {
		prev[key{c.r.Unit, eval.Normalize(c.r.Project), c.r.Year}] = c.r
	}
	type jsonSheet struct {
		File     string        `json:"file"`
		Line     int           `json:"line"`
		Unit     string        `json:"unit"`
		Project  string        `json:"project"`
		Year     int           `json:"year"`
		LastYear *int          `json:"last_year"`
		Findings []jsonFinding `json:"findings"`
	}
	var out []jsonSheet
	errs := 0
	for _, c := range cur {
		p := prev[key{c.r.Unit, eval.Normalize(c.r.Project), c.r.Year - 1}]
		js := jsonSheet{File: c.r.Source, Line: c.r.Line, Unit: c.r.Unit, Project: c.r.Project, Year: c.r.Year, Findings: []jsonFinding{}}
		if p != nil {
			y := p.Year
			js.LastYear = &y
		}
		for _, f := range targetcheck.Check(c.r, p) {
			if f.Severity == eval.SevError {
				errs++
			}
			js.Findings = append(js.Findings, jsonFinding{f.Rule, f.Severity.String(), f.Indicator, f.Line, f.MessageZH, f.MessageEN})
		}
		out = append(out, js)
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		enc.Encode(struct {
			Sheets []jsonSheet `json:"sheets"`
		}{append([]jsonSheet{}, out...)})
	} else {
		for i, s := range out {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			p := locale.New(*lang)
			cmp := p.T("无上年报告对比")
			if s.LastYear != nil {
				cmp = p.Tf("对比 %d 年", *s.LastYear)
			}
			fmt.Fprintf(stdout, "== %s:%d  %s —— %s%s\n", s.File, s.Line, s.Unit, s.Project, p.Tf("（%d 年，%s）", s.Year, cmp))
			if len(s.Findings) == 0 {
				fmt.Fprintln(stdout, "   "+p.T("未发现问题"))
			}
			for _, f := range s.Findings {
				ind := ""
				if f.Indicator != "" {
					ind = "【" + f.Indicator + "】"
				}
				sev := p.T(locale.SeverityNames[f.Severity])
				fmt.Fprintf(stdout, "   %-4s %s%s (%s)\n", sev, ind, p.Pick(f.MessageZH, f.MessageEN), f.Rule)
			}
		}
	}
	if errs > 0 {
		return 1
	}
	return 0
}
