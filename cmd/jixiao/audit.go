package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"jixiao/internal/money"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/audit"
	"jixiao/internal/auditgen"
	"jixiao/internal/auditrun"
	"jixiao/internal/cal"
	"jixiao/internal/locale"
	"jixiao/internal/progress"
)

// files is a repeatable file flag (--roll a.csv --roll b.csv); a value may
// also list files separated by commas.
type files []string

func (f *files) String() string { return strings.Join(*f, ",") }

// Set adds one or more comma-separated paths.
func (f *files) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*f = append(*f, p)
		}
	}
	return nil
}

// auditUsage is the help, in Chinese; each line's English is in the
// catalogue (locale/en_cli.go), printed with --lang en.
const auditUsage = `用法：
  jixiao audit deaths     --roll FILE [--roll FILE…] --deaths FILE [--deaths FILE…] [选项]
  jixiao audit duplicates --roll FILE [--roll FILE…] --other FILE [--other FILE…] [--rules 居保:企业职工养老,…] [选项]
  jixiao audit coverage   --hardship FILE [--roll FILE…] [--enrolled FILE…] [--daijiao FILE…] [选项]
  jixiao audit month      --roll FILE… --deaths FILE… --other FILE… [--hardship FILE… …] [选项]（一次读取名册完成全部比对）
选项：[--as-of YYYY-MM] [--format csv|csv-raw|json|xlsx] [--lang zh|en] [--out FILE] [--full-id]
      [--max-bad-share 0.1] [--accept-damaged]
  csv：给人看的表格，UTF-8 BOM、中文表头和取值、金额带千分位、身份证号脱敏（Excel 直接打开；--lang en 为英文）
  csv-raw：供程序读取，恰好九列 id_number,…,overpaid_amount，完整身份证号，无 BOM
`

// runAudit is `jixiao audit`.
func runAudit(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, auditUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	var checks auditrun.Checks
	switch args[0] {
	case "deaths":
		checks.Deaths = true
	case "duplicates":
		checks.Duplicates = true
	case "coverage":
		checks.Coverage = true
	case "month", "all":
		checks = auditrun.Checks{Deaths: true, Duplicates: true}
	default:
		fmt.Fprintf(stderr, "jixiao audit: 未知子命令 %q (unknown subcommand)\n%s", args[0], auditUsage)
		return 2
	}
	fs := flag.NewFlagSet("audit "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg auditrun.Config
	fs.Var((*files)(&cfg.Rolls), "roll", "待遇发放名册 (benefit roll), CSV 或 XLSX，可重复 (repeatable)")
	fs.Var((*files)(&cfg.Deaths), "deaths", "死亡名单 (death list)，可重复")
	fs.Var((*files)(&cfg.Others), "other", "其他险种名册 (other scheme's roll)，可重复")
	fs.Var((*files)(&cfg.Hardship), "hardship", "困难群体名单 低保/特困/低收入 (hardship-group list)，可重复")
	fs.Var((*files)(&cfg.Enrolled), "enrolled", "参保缴费名册 (contributors' roll, for coverage)，可重复")
	fs.Var((*files)(&cfg.Daijiao), "daijiao", "代缴名单 (contributions paid by government)，可重复")
	asOf := fs.String("as-of", time.Now().Format("2006-01"), "稽核月份 YYYY-MM (run month)")
	format := fs.String("format", "csv", "输出格式 csv|csv-raw|json|xlsx (output format)")
	lang := fs.String("lang", "zh", "csv/xlsx 的语言 zh|en (language of the csv and xlsx for people)")
	out := fs.String("out", "", "输出文件，缺省为标准输出 (output file; default stdout)")
	fullID := fs.Bool("full-id", false, "csv/xlsx 显示完整身份证号，缺省脱敏 (show full IDs in csv and xlsx; masked by default)")
	after := fs.Int("payable-months-after-death", 0, "死亡当月之后仍可发放的月数，缺省0：发放至死亡当月 (months payable after the month of death)")
	rules := fs.String("rules", "", "互斥险种规则 A:B,… 缺省 居保:企业职工养老,居保:机关事业养老,居保:居保,失保:失保 (exclusive scheme pairs)")
	workers := fs.Int("workers", 2, "每个大文件的读取线程数 (reader goroutines per large CSV file)")
	fs.BoolVar(&cfg.AcceptDamaged, "accept-damaged", false, "文件中被拒绝或身份证号损坏的行超过限额时仍继续比对 (run even when a file has many rejected rows or damaged IDs)")
	fs.Float64Var(&cfg.MaxBadShare, "max-bad-share", auditrun.DefaultMaxBadShare, "单个文件被拒绝或号码损坏行的最大占比，超过即停止 (largest share of bad rows a file may have)")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "jixiao audit: 多余的参数 %q (unexpected arguments)\n", fs.Args())
		return 2
	}
	if checks.Deaths && checks.Duplicates && len(cfg.Hardship) > 0 {
		checks.Coverage = true
	}
	m, ok := cal.ParseMonth(*asOf)
	if !ok {
		fmt.Fprintf(stderr, "jixiao audit: --as-of %q 应为 YYYY-MM (must be YYYY-MM)\n", *asOf)
		return 2
	}
	cfg.AsOf = m
	cfg.Policy = audit.Policy{PayableMonthsAfterDeath: *after}
	cfg.Workers = *workers
	if *rules != "" {
		rs, err := audit.ParseRules(*rules)
		if err != nil {
			fmt.Fprintln(stderr, "jixiao audit:", err)
			return 2
		}
		cfg.Rules = rs
	}
	if *format != "csv-raw" && !formatOK("jixiao audit", *format, *out, stderr) {
		return 2
	}
	if *lang != "zh" && *lang != locale.EN {
		fmt.Fprintf(stderr, "jixiao audit: --lang %q 应为 zh|en\n", *lang)
		return 2
	}
	prog := terminalProgress(stderr, cfg.Rolls, cfg.Deaths, cfg.Others, cfg.Hardship, cfg.Enrolled, cfg.Daijiao)
	if prog != nil {
		cfg.Progress = prog.update
	}
	tuneGC()
	if p := os.Getenv("JIXIAO_CPUPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil {
			pprof.StartCPUProfile(f)
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
	}
	run, err := auditrun.Execute(cfg, checks, time.Now())
	prog.done()
	if err != nil {
		var mi *auditrun.MissingInput
		if errors.As(err, &mi) {
			fmt.Fprintf(stderr, "jixiao audit: 比对失败，未输出任何结果 (audit failed, nothing written): 缺少 --%s (missing --%s)\n", mi.Input, mi.Input)
			return 1
		}
		fmt.Fprintln(stderr, "jixiao audit: 比对失败，未输出任何结果 (audit failed, nothing written):", err)
		var td *auditrun.TooDamaged
		if errors.As(err, &td) {
			for _, w := range td.Report.Warnings() {
				fmt.Fprintln(stderr, "  警告 (warning)", w)
			}
			for i, e := range td.Report.Errors {
				if i == 10 {
					break
				}
				fmt.Fprintln(stderr, "  拒绝 (rejected)", e.Error())
			}
			fmt.Fprintln(stderr, "  如确需按损坏的数据比对，请加 --accept-damaged（号码损坏的死亡记录只能列入待核实）(to run anyway, add --accept-damaged)")
		}
		return 1
	}
	rows := outputRows(run)
	if err := writeOutput(rows, *format, *out, locale.New(*lang), *fullID, stdout); err != nil {
		fmt.Fprintln(stderr, "jixiao audit: 写出结果失败 (writing output failed):", err)
		return 1
	}
	printSummary(stderr, run)
	return 0
}

// tuneGC lets the heap grow further between collections: a run holds a
// few large, pointer-free indexes, and the default GOGC=100 spends much of
// a 10-million-row run collecting. A soft limit of 3 GiB keeps the peak
// under the 4 GB budget. GOGC / GOMEMLIMIT in the environment win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(3 << 30)
	}
}

// formatOK checks --format and that xlsx goes to a file (--out).
func formatOK(cmd, format, out string, stderr io.Writer) bool {
	switch format {
	case "csv", "json":
	case "xlsx":
		if out == "" {
			fmt.Fprintln(stderr, cmd+": xlsx 输出须指定 --out (xlsx output needs --out)")
			return false
		}
	default:
		fmt.Fprintf(stderr, "%s: --format %q 应为 csv|json|xlsx\n", cmd, format)
		return false
	}
	return true
}

// outRow is one line of machine output; the first nine fields are the
// issue's keys in order.
type outRow struct {
	IDNumber       string      `json:"id_number"`
	Name           string      `json:"name"`
	Scheme         string      `json:"scheme"`
	Town           string      `json:"town"`
	DeathDate      string      `json:"death_date"`
	MatchKind      string      `json:"match_kind"`
	Confidence     string      `json:"confidence"`
	OverpaidMonths int         `json:"overpaid_months"`
	OverpaidAmount json.Number `json:"overpaid_amount"`
	ReasonZH       string      `json:"reason_zh"`
	ReasonEN       string      `json:"reason_en"`
	Sources        string      `json:"sources,omitempty"`
}

var csvHeader = []string{"id_number", "name", "scheme", "town", "death_date", "match_kind", "confidence", "overpaid_months", "overpaid_amount"}

func outputRows(run *auditrun.Run) []outRow {
	var rows []outRow
	for _, f := range run.Deaths {
		rows = append(rows, outRow{f.Roll.ID, f.Roll.Name, f.Roll.Scheme, f.Roll.Town, f.Death.DeathDate.String(),
			string(f.Kind), string(f.Confidence), f.OverpaidMonths, json.Number(f.Overpaid.String()), f.Reason.ZH, f.Reason.EN,
			strings.Join(f.Sources, ";")})
	}
	for _, f := range run.Duplicates {
		rows = append(rows, outRow{f.Roll.ID, f.Roll.Name, f.Roll.Scheme, f.Roll.Town, "",
			"duplicate_" + string(f.Kind), string(f.Confidence), f.OverpaidMonths, json.Number(f.Overpaid.String()), f.Reason.ZH, f.Reason.EN,
			f.Other.Scheme + "@" + f.Other.Region})
	}
	for _, f := range run.Coverage {
		rows = append(rows, outRow{f.Member.ID, f.Member.Name, f.Member.Group, f.Member.Town, "",
			string(f.Kind), string(f.Confidence), 0, "0.00", f.Reason.ZH, f.Reason.EN, ""})
	}
	return rows
}

// writeOutput writes the findings: csv (for people, see writePeopleCSV),
// csv-raw (the nine keys for programs), json or xlsx.
func writeOutput(rows []outRow, format, out string, p locale.Printer, fullID bool, stdout io.Writer) error {
	if format == "xlsx" {
		return writeXLSX(rows, out, p, fullID)
	}
	w := stdout
	var f *os.File
	if out != "" {
		var err error
		if f, err = os.Create(out); err != nil {
			return err
		}
		w = f
	}
	bw := bufio.NewWriter(w)
	switch format {
	case "csv":
		if err := writePeopleCSV(bw, rows, p, fullID); err != nil {
			return err
		}
	case "json":
		enc := json.NewEncoder(bw)
		enc.SetIndent("", "  ")
		if rows == nil {
			rows = []outRow{}
		}
		if err := enc.Encode(rows); err != nil {
			return err
		}
	default: // csv-raw
		bw.WriteString(strings.Join(csvHeader, ",") + "\n")
		for _, r := range rows {
			cells := []string{r.IDNumber, r.Name, r.Scheme, r.Town, r.DeathDate, r.MatchKind, r.Confidence,
				strconv.Itoa(r.OverpaidMonths), string(r.OverpaidAmount)}
			for i, c := range cells {
				if i > 0 {
					bw.WriteByte(',')
				}
				bw.WriteString(csvCell(c))
			}
			bw.WriteByte('\n')
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if f != nil {
		return f.Close()
	}
	return nil
}

func csvCell(s string) string {
	if !strings.ContainsAny(s, ",\"\n\r") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func writeXLSX(rows []outRow, out string, p locale.Printer, fullID bool) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	header := make([]any, len(peopleHeader))
	for i, h := range peopleHeader {
		header[i] = p.T(h)
	}
	yuan, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return err
	}
	sw.SetColWidth(1, 1, 22)
	sw.SetColWidth(6, 6, 20)
	sw.SetColWidth(9, 9, 16)
	sw.SetColWidth(10, 10, 60)
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for i, r := range rows {
		cells := peopleCells(r, p, fullID)
		row := make([]any, len(cells))
		for j, c := range cells {
			row[j] = c
		}
		row[7] = r.OverpaidMonths
		amt, _ := strconv.ParseFloat(string(r.OverpaidAmount), 64) // display only; the text is exact
		row[8] = excelize.Cell{StyleID: yuan, Value: amt}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(out)
}

func printSummary(w io.Writer, run *auditrun.Run) {
	s := run.Summarize()
	fmt.Fprintf(w, "稽核月份 (run month) %s，用时 (took) %s\n", run.AsOf, run.Elapsed.Round(time.Millisecond))
	for _, p := range run.Phases {
		fmt.Fprintf(w, "  %-24s %s\n", p.Name, p.Elapsed.Round(time.Millisecond))
	}
	fmt.Fprintf(w, "读取文件 (files read) %d，行数 (rows read) %d，拒绝行 (rows rejected) %d，名册有效行 (roll rows) %d，已终止未比对 (terminated, skipped) %d\n",
		s.FilesRead, s.RowsRead, s.RowsRejected, run.RollRows, run.Terminated)
	for _, f := range run.Files {
		fmt.Fprintf(w, "  %s：表头在 %s；读取 %d 行 = 使用 %d + 拒绝 %d + 跳过 %d（表头上方 %d、表头 %d、空行 %d、合计/签名行 %d、未用工作表 %d）",
			f.File, orDash(f.HeaderSummary()), f.Read(), f.Good, f.Rejected, f.Skipped, f.SkippedAbove, f.SkippedHeader, f.SkippedBlank, f.SkippedFooter, f.SkippedSheets)
		if f.DeathDateColumn != "" {
			fmt.Fprintf(w, "；死亡日期取自“%s”列", f.DeathDateColumn)
		}
		fmt.Fprintf(w, " (read %d = used %d + rejected %d + skipped %d)\n", f.Read(), f.Good, f.Rejected, f.Skipped)
		for _, warn := range f.Warnings() {
			fmt.Fprintln(w, "  警告 (warning)", warn)
		}
	}
	if n := len(run.UnmatchedDamaged); n > 0 {
		fmt.Fprintf(w, "身份证号损坏且未匹配到名册的死亡记录 %d 条，须人工核对 (death records with damaged IDs that matched no roll row):\n", n)
		for i, d := range run.UnmatchedDamaged {
			if i == 20 {
				fmt.Fprintf(w, "  …… 另有 %d 条 (and %d more)\n", n-20, n-20)
				break
			}
			fmt.Fprintf(w, "  %s:%d %s %s 死亡日期 %s\n", d.File, d.Line, d.Damaged.Raw, d.Name, d.DeathDate)
		}
	}
	shown := 0
	for _, f := range run.Files {
		for _, e := range f.Errors {
			if shown < 10 {
				fmt.Fprintln(w, "  拒绝 (rejected)", e.Error())
			}
			shown++
		}
	}
	if shown > 10 {
		fmt.Fprintf(w, "  …… 另有 %d 行被拒绝 (and %d more)\n", shown-10, shown-10)
	}
	keys := make([]string, 0, len(s.ByKindClass))
	for k := range s.ByKindClass {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(w, "结果 (findings): 确认 (confirmed) %d，待核实 (review) %d\n", s.Confirmed, s.Review)
	for _, k := range keys {
		fmt.Fprintf(w, "  %-32s %d\n", k, s.ByKindClass[k])
	}
	fmt.Fprintf(w, "多发金额合计 (overpaid total): 确认 (confirmed) %s 元 (yuan); 待核实 (to review) %s 元 (yuan)\n", money.Group(s.OverpaidConfirmed.String()), money.Group(s.OverpaidReview.String()))
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// runGen is `jixiao gen`: it writes a generated month into a directory.
func runGen(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	messagesLang(fs)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "输出目录 (output directory), 必填 (required)")
	var cfg auditgen.Config
	fs.Uint64Var(&cfg.Seed, "seed", 1, "随机种子 (seed); 同一种子生成相同文件 (same seed, same files)")
	fs.IntVar(&cfg.Recipients, "recipients", 460000, "名册人数 (roll rows)")
	fs.IntVar(&cfg.Deaths, "deaths", 2000, "死亡仍在领取的人数 (deceased recipients still paid)")
	fs.IntVar(&cfg.NoiseDeaths, "noise", 2000, "名册外死亡记录数，含同名同生日与兄弟姐妹 (deaths of people on no roll, incl. namesakes and siblings)")
	fs.IntVar(&cfg.Other, "other", 50000, "其他险种名册行数 (other-scheme roll rows)")
	fs.IntVar(&cfg.Duplicates, "duplicates", 200, "同时领取其他险种的人数 (recipients also on the other roll)")
	fs.IntVar(&cfg.Hardship, "hardship", 5000, "困难群体人数 (hardship-group members)")
	asOf := fs.String("as-of", "2024-06", "稽核月份 YYYY-MM (run month)")
	pay := fs.Bool("payroll", false, "另写上一年度发放明细、规则文件与真实结果 (also write a year of payroll, the rule file and its truth)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *out == "" {
		fmt.Fprintln(stderr, "jixiao gen: 须指定 --out 目录 (--out DIR is required)")
		return 2
	}
	m, ok := cal.ParseMonth(*asOf)
	if !ok {
		fmt.Fprintf(stderr, "jixiao gen: --as-of %q 应为 YYYY-MM\n", *asOf)
		return 2
	}
	cfg.AsOf = m
	t0 := time.Now()
	g := auditgen.New(cfg)
	var pc auditgen.PayConfig
	if *pay {
		pc = g.EnablePayroll(auditgen.PayConfig{})
	}
	total := int64(cfg.Recipients) + int64(cfg.Other)
	if *pay {
		total += int64(cfg.Recipients) * int64(pc.Months)
	}
	bar := progress.ForTerminal(stderr, "生成 (generating)", total)
	if bar != nil {
		g.OnProgress(bar.Set)
		defer bar.Done()
	}
	files, st, err := g.WriteDir(*out)
	bar.Done()
	if err != nil {
		fmt.Fprintln(stderr, "jixiao gen: 写文件失败 (writing failed):", err)
		return 1
	}
	p := cliLang(args)
	stdout, flush := reportWriter(stdout, p)
	defer flush()
	fmt.Fprintf(stdout, "已生成 (generated) %s in %s:\n", *out, time.Since(t0).Round(time.Millisecond))
	fmt.Fprintln(stdout, say(p, "  %-40s 名册 (roll) %d 行", files.Roll, st.Roll))
	fmt.Fprintln(stdout, say(p, "  %-40s 死亡名单 (deaths) %d 行，其中名册内真实死亡 %d 人 (true deaths)", files.Deaths, st.DeathRecords, st.TrueDeaths))
	fmt.Fprintln(stdout, say(p, "  %-40s 其他险种 (other schemes) %d 行", files.Other, st.Other))
	fmt.Fprintln(stdout, say(p, "  %-40s 困难群体 (hardship) %d 人", files.Hardship, st.Hardship))
	fmt.Fprintf(stdout, "  %-40s 参保缴费 (contributors)\n", files.Enrolled)
	fmt.Fprintf(stdout, "  %-40s 代缴 (paid contributions)\n", files.Daijiao)
	fmt.Fprintf(stdout, "  真实结果 (ground truth): %s, %s, %s\n", files.TruthDeaths, files.TruthDuplicates, files.TruthCoverage)
	fmt.Fprintf(stdout, "下一步 (next): jixiao audit deaths --roll %s --deaths %s --as-of %s\n", files.Roll, files.Deaths, m)
	if *pay {
		return genPayroll(g, pc, *out, bar, p, stdout, stderr)
	}
	return 0
}
