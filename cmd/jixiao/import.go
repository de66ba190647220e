package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"jixiao/internal/locale"
	"os"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/export"
	"jixiao/internal/report/importer"
	"jixiao/internal/validate"
)

// readInput reads every report of one input file ("-" is standard input)
// with the importer that fits its content: .xlsx, .docx or plain text.
func readInput(name string, stdin io.Reader, opt report.Options) (*report.Import, error) {
	lim := opt.Lim()
	if name == "-" {
		data, err := io.ReadAll(io.LimitReader(stdin, lim.MaxUpload+1))
		if err != nil {
			return nil, err
		}
		if int64(len(data)) > lim.MaxUpload {
			return nil, report.Errorf(report.Pos{File: "<stdin>"}, "输入超过 %d 字节 (input too large): %v", lim.MaxUpload, report.ErrTooLarge)
		}
		return importer.Read("<stdin>", bytes.NewReader(data), int64(len(data)), opt)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%s: 无法打开 (cannot open): %w", name, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s: 是目录而不是文件 (is a directory)", name)
	}
	return importer.Read(name, f, st.Size(), opt)
}

// printReadError prints an import failure: one line per problem, and for
// an ambiguous workbook the sheets to choose from.
func printReadError(w io.Writer, cmd string, err error) {
	var amb *report.AmbiguousError
	if errors.As(err, &amb) {
		fmt.Fprintf(w, "jixiao %s: %v\n", cmd, amb)
		fmt.Fprintln(w, "  用 --sheet 指定 (choose with --sheet):")
		for _, c := range amb.Candidates {
			fmt.Fprintf(w, "    --sheet %q\n", c)
		}
		return
	}
	fmt.Fprintln(w, err.Error())
}

func runImport(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	lang := messagesLang(fs)
	fs.SetOutput(stderr)
	sheet := fs.String("sheet", "", "评分表所在工作表（或 docx 的“表格 N”），有多个候选时必填 (sheet holding the score sheet)")
	format := fs.String("format", "text", "输出 text|json：导入结果概要或完整数据 (print a summary or the full data)")
	to := fs.String("to", "", "转换为 docx|xlsx|pdf|html 并写入 --out (convert)")
	out := fs.String("out", "", "转换输出文件 (output file for --to)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法: jixiao import [--sheet NAME] [--format text|json] [--to FORMAT --out FILE] FILE...")
		fmt.Fprintln(stderr, "读取并校验 .xlsx 评分表、.docx 报告或文本格式报告；整份读取成功才算导入，否则列出工作表、行、列和原因。")
		fmt.Fprintln(stderr, "退出码：0 成功，2 有文件无法完整读取。")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitFlag(err)
	}
	if fs.NArg() == 0 || *format != "text" && *format != "json" {
		fs.Usage()
		return 2
	}
	var conv export.Format
	if *to != "" {
		f, err := export.ParseFormat(*to)
		if err != nil {
			fmt.Fprintf(stderr, "jixiao import: %v\n", err)
			return 2
		}
		conv = f
	}
	opt := report.Options{Sheet: *sheet}
	failed := false
	var all []*eval.Report
	var notes []report.Note
	for _, name := range fs.Args() {
		imp, err := readInput(name, stdin, opt)
		if err != nil {
			printReadError(stderr, "import", err)
			failed = true
			continue
		}
		// The limits the web's upload applies (internal/validate): a file
		// it would refuse is refused here too, with the same words.
		for _, r := range imp.Reports {
			for _, p := range validate.Rows(validate.ReportRows(r)) {
				line, ind := r.Line, ""
				if p.Row >= 0 {
					line, ind = r.Sheet.Rows[p.Row].Line, r.Sheet.Rows[p.Row].Level3+": "
				}
				fmt.Fprintf(stderr, "%s:%d: %s%s (%s)\n", r.Source, line, ind, p.Msg.ZH, p.Msg.EN)
				failed = true
			}
		}
		all = append(all, imp.Reports...)
		notes = append(notes, imp.Notes...)
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Reports []*eval.Report `json:"reports"`
			Notes   []string       `json:"notes"`
		}{all, noteStrings(notes)}); err != nil {
			fmt.Fprintf(stderr, "jixiao import: %v\n", err)
			return 2
		}
	} else {
		for _, r := range all {
			total := "无总计行"
			if t := r.Sheet.Total; t != nil && t.HasScore {
				total = t.Score.String()
			}
			p := locale.New(*lang)
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%d\t%s\t%s\n", r.Source, r.Unit, r.Project, r.Year, p.T(r.Layout.Title()), p.Tf("%d 项指标，总计 %s", len(r.Sheet.Rows), total))
		}
		for _, n := range notes {
			fmt.Fprintf(stdout, "注意 (note): %s\n", n)
		}
	}
	if conv != "" && !failed {
		if code := writeReports(conv, *out, "", all, stdout, stderr, "import"); code != 0 {
			return code
		}
	}
	if failed {
		return 2
	}
	return 0
}

func noteStrings(ns []report.Note) []string {
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		out = append(out, n.String())
	}
	return out
}
