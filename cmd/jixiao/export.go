package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/export"
	"jixiao/internal/report/xlsx"
)

func runExport(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	messagesLang(fs)
	fs.SetOutput(stderr)
	format := fs.String("format", "", "docx|xlsx|pdf|html，或 summary（财政局汇总表 xlsx）(document format, or summary)")
	out := fs.String("out", "", "输出文件；多份报告时为 .zip 文件或目录；- 为标准输出 (output file, .zip or directory)")
	unit := fs.String("unit", "", "只导出此填报单位 (only this unit)")
	year := fs.Int("year", 0, "只导出此年度 (only this year)")
	sheet := fs.String("sheet", "", "输入工作簿中评分表所在工作表 (sheet of the input workbook)")
	rules := fs.String("rules", "", "导出评分规则文件而非报告：内置名称或规则文件，逗号分隔；used 为 --db 中项目所用的规则 (export rule-set files instead: names or files, comma-separated; used: the rule sets of --db's projects)")
	db := fs.String("db", "", "与 --rules used 同用的数据库 (database, with --rules used)")
	applyFonts := fontFlags(fs)
	layout := layoutFlag(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法: jixiao export --format docx|xlsx|pdf|html|summary [--layout situation|report|national] [--out FILE|DIR|FILE.zip] [--unit U] [--year Y] [--font FILE] INPUT...")
		fmt.Fprintln(stderr, "      jixiao export --rules NAME|FILE[,…]|used [--db DB] [--out FILE|DIR]")
		fmt.Fprintln(stderr, "INPUT 可为文本格式报告、.xlsx 评分表或 .docx 报告。一份报告写入 --out；多份报告写入目录，或 --out 以 .zip 结尾时打包（含 汇总.xlsx）。")
		fmt.Fprintln(stderr, "--rules 把评分规则写成可阅读、可修改的规则文件（每个键附说明），可再以 --rules FILE 使用。")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitFlag(err)
	}
	if *rules != "" {
		if fs.NArg() > 0 || *format != "" {
			fmt.Fprintln(stderr, "jixiao export: --rules 不与 --format 或输入文件同用 (--rules takes no --format or INPUT)")
			return 2
		}
		return exportRules(*rules, *db, *out, stdout, stderr)
	}
	applyFonts()
	if fs.NArg() == 0 || *format == "" {
		fs.Usage()
		return 2
	}
	var reports []*eval.Report
	for _, name := range fs.Args() {
		imp, err := readInput(name, stdin, report.Options{Sheet: *sheet})
		if err != nil {
			printReadError(stderr, "export", err)
			return 2
		}
		for _, r := range imp.Reports {
			if (*unit == "" || r.Unit == *unit) && (*year == 0 || r.Year == *year) {
				reports = append(reports, r)
			}
		}
	}
	if len(reports) == 0 {
		fmt.Fprintln(stderr, "jixiao export: 没有符合条件的报告 (no report matches)")
		return 2
	}
	if err := applyLayout(*layout, reports); err != nil {
		fmt.Fprintf(stderr, "jixiao export: %v\n", err)
		return 2
	}
	title := summaryTitle(*unit, *year)
	if *format == "summary" {
		rows := make([]xlsx.SummaryRow, 0, len(reports))
		for _, r := range reports {
			rows = append(rows, xlsx.SummaryRowOf(r, eval.Check(r, eval.DefaultRuleSet())))
		}
		name := *out
		if name == "" {
			name = "汇总.xlsx"
		}
		return writeFile(name, stdout, stderr, "export", func(w io.Writer) error { return xlsx.WriteSummary(w, title, rows) })
	}
	f, err := export.ParseFormat(*format)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao export: %v\n", err)
		return 2
	}
	return writeReports(f, *out, title, reports, stdout, stderr, "export")
}

func summaryTitle(unit string, year int) string {
	t := "项目支出绩效自评汇总表"
	if year != 0 {
		t = fmt.Sprintf("%d 年%s", year, t)
	}
	if unit != "" {
		t = unit + " " + t
	}
	return t
}

// writeReports writes reports in format f: one report to out (or a name
// made from the report), several to a .zip (with the summary) or into a
// directory.
func writeReports(f export.Format, out, title string, reports []*eval.Report, stdout, stderr io.Writer, cmd string) int {
	check := func(r *eval.Report) eval.Result { return eval.Check(r, eval.DefaultRuleSet()) }
	if strings.HasSuffix(strings.ToLower(out), ".zip") {
		items := make([]export.Item, 0, len(reports))
		for _, r := range reports {
			items = append(items, export.Item{Report: r, Result: check(r)})
		}
		if title == "" {
			title = summaryTitle("", 0)
		}
		return writeFile(out, stdout, stderr, cmd, func(w io.Writer) error {
			return export.WriteZip(w, title, items, []export.Format{f})
		})
	}
	if len(reports) == 1 && !isDir(out) {
		name := out
		if name == "" {
			name = export.FileName(reports[0], f)
		}
		r := reports[0]
		return writeFile(name, stdout, stderr, cmd, func(w io.Writer) error { return export.Write(f, w, r, check(r)) })
	}
	if out == "-" || out != "" && !isDir(out) && filepath.Ext(out) != "" {
		fmt.Fprintf(stderr, "jixiao %s: %d 份报告不能写入一个文件，请用 --out DIR/ 或 --out FILE.zip (several reports: use a directory or a .zip)\n", cmd, len(reports))
		return 2
	}
	dir := out
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "jixiao %s: %v\n", cmd, err)
		return 2
	}
	used := map[string]int{}
	for _, r := range reports {
		name := export.FileName(r, f)
		if n := used[name]; n > 0 {
			name = strings.TrimSuffix(name, "."+string(f)) + fmt.Sprintf("_%d.", n+1) + string(f)
		}
		used[export.FileName(r, f)]++
		if code := writeFile(filepath.Join(dir, name), stdout, stderr, cmd, func(w io.Writer) error { return export.Write(f, w, r, check(r)) }); code != 0 {
			return code
		}
	}
	return 0
}

func isDir(p string) bool {
	if p == "" {
		return false
	}
	st, err := os.Stat(p)
	return err == nil && st.IsDir() || strings.HasSuffix(p, "/")
}

// writeFile writes to name ("-" is standard output) through a temporary
// file, so a failed export leaves no half-written document.
func writeFile(name string, stdout, stderr io.Writer, cmd string, write func(io.Writer) error) int {
	if name == "-" {
		if err := write(stdout); err != nil {
			fmt.Fprintf(stderr, "jixiao %s: %v\n", cmd, err)
			return 2
		}
		return 0
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".jixiao-*")
	if err != nil {
		fmt.Fprintf(stderr, "jixiao %s: %v\n", cmd, err)
		return 2
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		fmt.Fprintf(stderr, "jixiao %s: %s: %v\n", cmd, name, err)
		return 2
	}
	if err := tmp.Close(); err != nil {
		fmt.Fprintf(stderr, "jixiao %s: %v\n", cmd, err)
		return 2
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		fmt.Fprintf(stderr, "jixiao %s: %v\n", cmd, err)
		return 2
	}
	fmt.Fprintln(stdout, name)
	return 0
}
