package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"jixiao/internal/cal"
	"jixiao/internal/cert"
	"jixiao/internal/certrun"
	"jixiao/internal/locale"
	"jixiao/internal/rollfile"
)

// certUsage is the help, in Chinese; each line's English is in the
// catalogue (locale/en_cli.go), printed with --lang en.
const certUsage = `用法：
  jixiao cert status --roll FILE… --events FILE… --as-of YYYY-MM [--deaths FILE…] [--rules FILE]
                     [--format csv|csv-raw|json|xlsx] [--lang zh|en] [--out FILE] [--lists DIR] [--stop-list FILE.csv|.xlsx] [--full-id] [--workers N]
  待遇资格认证：每位领取人本月的认证状态（正常、即将到期、应暂停、已暂停、恢复及补发、终止），
  --lists DIR 写出各镇（街道）即将到期名单及暂停、恢复补发、死亡终止、须核实名单（xlsx，含标题、月份和签字栏）。
  csv：给人看的表格，UTF-8 BOM、中文表头和取值、金额带千分位、身份证号脱敏（Excel 直接打开；--lang en 为英文）
  csv-raw：供程序读取，英文键名表头，完整身份证号，无 BOM
`

// xlsxMaxRows is how many recipients the xlsx status sheet takes (Excel's
// row limit less the header); larger runs leave the sheet out.
const xlsxMaxRows = 1<<20 - 1

// runCert is `jixiao cert`.
func runCert(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, certUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] != "status" {
		fmt.Fprintf(stderr, "jixiao cert: 未知子命令 %q (unknown subcommand)\n%s", args[0], certUsage)
		return 2
	}
	fs := flag.NewFlagSet("cert status", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg certrun.Config
	fs.Var((*files)(&cfg.Rolls), "roll", "待遇发放名册 (benefit roll), CSV 或 XLSX，可重复 (repeatable)")
	fs.Var((*files)(&cfg.Events), "events", "认证记录 (certification events)，可重复")
	fs.Var((*files)(&cfg.Deaths), "deaths", "死亡名单 (death list)，可选，可重复")
	asOf := fs.String("as-of", time.Now().Format("2006-01"), "认证月份 YYYY-MM (run month)")
	rulesFile := fs.String("rules", "", "认证规则文件 (rules file; see docs/audit.md)")
	format := fs.String("format", "csv", "输出格式 csv|csv-raw|json|xlsx (output format)")
	lang := fs.String("lang", "zh", "csv 的语言 zh|en (language of the csv for people)")
	out := fs.String("out", "", "输出文件，缺省为标准输出 (output file; default stdout)")
	lists := fs.String("lists", "", "名单目录：各镇即将到期名单等 (directory for the lists as documents)")
	stop := fs.String("stop-list", "", "停发名单（省平台导入）.csv 或 .xlsx (stop list for the provincial platform)")
	fullID := fs.Bool("full-id", false, "csv、xlsx 显示完整身份证号，缺省脱敏 (show full IDs in csv and xlsx; masked by default)")
	workers := fs.Int("workers", 2, "每个大文件的读取线程数 (reader goroutines per large CSV file)")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "jixiao cert: 多余的参数 %q (unexpected arguments)\n", fs.Args())
		return 2
	}
	if len(cfg.Rolls) == 0 || len(cfg.Events) == 0 {
		fmt.Fprintf(stderr, "jixiao cert: 须指定 --roll 和 --events (--roll and --events are required)\n%s", certUsage)
		return 2
	}
	m, ok := cal.ParseMonth(*asOf)
	if !ok {
		fmt.Fprintf(stderr, "jixiao cert: --as-of %q 应为 YYYY-MM (must be YYYY-MM)\n", *asOf)
		return 2
	}
	cfg.AsOf, cfg.Workers, cfg.Rules = m, *workers, cert.DefaultRules()
	if *rulesFile != "" {
		f, err := os.Open(*rulesFile)
		if err != nil {
			fmt.Fprintln(stderr, "jixiao cert:", err)
			return 2
		}
		cfg.Rules, err = cert.ParseRules(*rulesFile, f)
		f.Close()
		if err != nil {
			fmt.Fprintln(stderr, "jixiao cert: 规则文件有误 (bad rules file):", err)
			return 2
		}
	}
	if *format != "csv-raw" && !formatOK("jixiao cert", *format, *out, stderr) {
		return 2
	}
	if *lang != "zh" && *lang != locale.EN {
		fmt.Fprintf(stderr, "jixiao cert: --lang %q 应为 zh|en\n", *lang)
		return 2
	}
	en := *lang == locale.EN
	prog := terminalProgress(stderr, cfg.Rolls, cfg.Events, cfg.Deaths)
	if prog != nil {
		cfg.Progress = prog.update
	}
	tuneGC()
	files := map[string]int32{}
	for i, p := range cfg.Rolls {
		files[p] = int32(i)
	}
	bufs := make([]outBuf, cfg.Workers)
	var all []certrun.Row
	var allMu chan struct{}
	dropAll := false
	if *format == "xlsx" {
		allMu = make(chan struct{}, 1)
	}
	each := func(w int, r *certrun.Row) {
		if allMu != nil {
			allMu <- struct{}{}
			if len(all) < xlsxMaxRows {
				keep := *r
				keep.Roll = r.Roll.Clone()
				all = append(all, keep)
			} else {
				dropAll = true
			}
			<-allMu
			return
		}
		b := &bufs[w%len(bufs)]
		switch *format {
		case "json":
			b.b = r.AppendJSON(b.b)
		case "csv":
			b.b = r.AppendPeopleCSV(b.b, en, *fullID)
		default:
			b.b = r.AppendCSV(b.b)
		}
		b.idx = append(b.idx, lineRef{files[r.Roll.File], int32(r.Roll.Line), len(b.b)})
	}
	run, err := certrun.Execute(cfg, each)
	prog.done()
	if err != nil {
		fmt.Fprintln(stderr, "jixiao cert: 计算失败，未输出任何结果 (failed, nothing written):", err)
		return 1
	}
	if *format == "xlsx" {
		sort.Slice(all, func(i, j int) bool {
			a, b := &all[i].Roll, &all[j].Roll
			if fa, fb := files[a.File], files[b.File]; fa != fb {
				return fa < fb
			}
			return a.Line < b.Line
		})
		if dropAll {
			all = nil
		}
		err = writeFileAtomic(*out, func(w io.Writer) error { return certrun.WriteWorkbook(w, run, all, *fullID) })
	} else {
		err = writeLines(bufs, *format, locale.New(*lang), *out, stdout)
	}
	if err == nil && *lists != "" {
		err = writeLists(*lists, run, *fullID)
	}
	if err == nil && *stop != "" {
		format := "csv"
		if strings.HasSuffix(strings.ToLower(*stop), ".xlsx") {
			format = "xlsx"
		}
		err = writeFileAtomic(*stop, func(w io.Writer) error { return certrun.WriteStopList(w, format, run.StopList()) })
	}
	if err != nil {
		fmt.Fprintln(stderr, "jixiao cert: 写出结果失败 (writing output failed):", err)
		return 1
	}
	printCertSummary(stderr, run)
	if dropAll {
		fmt.Fprintf(stderr, "注意 (note): 名册超过 %d 行，xlsx 未含「认证状态」全表，请用 --format csv (the xlsx leaves out the full status sheet)\n", xlsxMaxRows)
	}
	return 0
}

type lineRef struct {
	file, line int32
	end        int
}

// outBuf is one worker's output lines; rows come to a worker in file
// order, so the workers' lines are merged by (file, line).
type outBuf struct {
	b   []byte
	idx []lineRef
	_   [64]byte
}

// writeLines writes the workers' lines in roll order under the format's
// head: JSON brackets, the machine keys (csv-raw), or for people a UTF-8
// BOM and the header in the printer's language (csv).
func writeLines(bufs []outBuf, format string, p locale.Printer, out string, stdout io.Writer) error {
	write := func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<20)
		switch format {
		case "json":
			bw.WriteString("[\n")
		case "csv":
			bw.WriteString(utf8BOM + strings.Join(translated(p, certrun.StatusHeader), ",") + "\n")
		default:
			bw.WriteString(strings.Join(certrun.CSVHeader, ",") + "\n")
		}
		type cur struct {
			buf   *outBuf
			i     int
			start int
		}
		var cs []*cur
		for i := range bufs {
			b := &bufs[i]
			if !sort.SliceIsSorted(b.idx, func(x, y int) bool { return less(b.idx[x], b.idx[y]) }) {
				b.sortLines()
			}
			if len(b.idx) > 0 {
				cs = append(cs, &cur{buf: b})
			}
		}
		first := true
		for len(cs) > 0 {
			k := 0
			for j := 1; j < len(cs); j++ {
				if less(cs[j].buf.idx[cs[j].i], cs[k].buf.idx[cs[k].i]) {
					k = j
				}
			}
			c := cs[k]
			end := c.buf.idx[c.i].end
			if format == "json" {
				if !first {
					bw.WriteString(",\n")
				}
				first = false
			}
			bw.Write(c.buf.b[c.start:end])
			c.start = end
			c.i++
			if c.i == len(c.buf.idx) {
				cs = append(cs[:k], cs[k+1:]...)
			}
		}
		if format == "json" {
			bw.WriteString("\n]\n")
		}
		return bw.Flush()
	}
	if out == "" {
		return write(stdout)
	}
	return writeFileAtomic(out, write)
}

// translated is the header in the printer's language.
func translated(p locale.Printer, head []string) []string {
	out := make([]string, len(head))
	for i, h := range head {
		out[i] = p.T(h)
	}
	return out
}

func less(a, b lineRef) bool { return a.file < b.file || a.file == b.file && a.line < b.line }

// sortLines reorders a worker's lines by (file, line) (rows normally come
// in order; this is the safety net).
func (b *outBuf) sortLines() {
	type piece struct {
		ref   lineRef
		start int
	}
	ps := make([]piece, len(b.idx))
	start := 0
	for i, r := range b.idx {
		ps[i] = piece{r, start}
		start = r.end
	}
	sort.SliceStable(ps, func(i, j int) bool { return less(ps[i].ref, ps[j].ref) })
	nb := make([]byte, 0, len(b.b))
	for i, p := range ps {
		nb = append(nb, b.b[p.start:p.ref.end]...)
		b.idx[i] = lineRef{p.ref.file, p.ref.line, len(nb)}
	}
	b.b = nb
}

// writeFileAtomic writes a file through a temporary one, so that a failed
// run leaves nothing half-written.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// writeLists writes the due list of every town and the city's other lists.
func writeLists(dir string, run *certrun.Run, fullID bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	month := run.AsOf.String()
	for _, t := range run.Towns {
		if t.ByStatus[cert.Due] == 0 {
			continue
		}
		name := filepath.Join(dir, fmt.Sprintf("即将到期名单_%s_%s.xlsx", month, safeName(t.Town)))
		if err := writeFileAtomic(name, func(w io.Writer) error {
			return certrun.WriteTownList(w, run, certrun.ListDue, t.Town, fullID)
		}); err != nil {
			return err
		}
	}
	for l, base := range map[certrun.List]string{certrun.ListSuspend: "暂停名单", certrun.ListResume: "恢复补发名单",
		certrun.ListDead: "死亡终止名单", certrun.ListReview: "须核实名单"} {
		name := filepath.Join(dir, fmt.Sprintf("%s_%s.xlsx", base, month))
		if err := writeFileAtomic(name, func(w io.Writer) error { return certrun.WriteTownList(w, run, l, "", fullID) }); err != nil {
			return err
		}
	}
	return nil
}

func safeName(s string) string {
	if s == "" {
		return "未填镇街"
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '_'
		}
		return r
	}, s)
}

func printCertSummary(w io.Writer, run *certrun.Run) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "认证月份 (month) %s，用时 (took) %s\n", run.AsOf, run.Elapsed.Round(time.Millisecond))
	rows, rej := 0, 0
	var errs []rollfile.RowError
	for _, f := range run.Files {
		rows += f.Rows
		rej += f.Rejected
		errs = append(errs, f.Errors...)
	}
	fmt.Fprintf(&b, "读取文件 (files) %d，行数 (rows) %d，拒绝行 (rejected) %d，名册有效行 (roll rows) %d\n", len(run.Files), rows, rej, run.RollRows)
	for i, e := range errs {
		if i == 10 {
			fmt.Fprintf(&b, "  … 另有 %d 条 (more)\n", len(errs)-10)
			break
		}
		fmt.Fprintf(&b, "  %s\n", e.Error())
	}
	fmt.Fprintf(&b, "认证记录 (events) %d 条，%s 至 %s；不在名册上 (on no roll) %d 条 %d 人；晚于认证月份未用 (after the month, unused) %d 条\n",
		run.Events, run.EventsFrom, run.EventsTo, run.Unmatched, run.UnmatchedID, run.Future)
	if run.Rules.EventsFrom != 0 {
		fmt.Fprintf(&b, "  认证记录始于 %s：此前情况未知，首次周期不早于此月 (history before is unknown; no first cycle starts earlier)\n", run.Rules.EventsFrom)
	}
	if run.Deaths+run.DeathReview > 0 {
		fmt.Fprintf(&b, "死亡名单 (death lists): 确认 %d 人按死亡终止，疑似 %d 人待核实未处理 (confirmed applied, review not applied)\n", run.Deaths, run.DeathReview)
	}
	t := &run.Total
	fmt.Fprintf(&b, "状态 (status): 正常 %d，即将到期 %d，应暂停 %d，已暂停 %d，恢复 %d（补发 %d 个月 %s 元），终止 %d（死亡后多发 %d 人 %s 元）\n",
		t.ByStatus[cert.Normal], t.ByStatus[cert.Due], t.ByStatus[cert.ShouldSuspend], t.ByStatus[cert.Suspended],
		t.ByStatus[cert.Resumed], t.BackPayMonths, t.BackPay, t.ByStatus[cert.Terminated], t.OverpaidRows, t.Overpaid)
	rate, ok := t.RateBP()
	share, sok := t.ChannelShareBP(cert.ChannelBigData)
	fmt.Fprintf(&b, "资格认证率 (certification rate) %s（已认证 %d ÷ 应认证 %d），大数据比对占比 (big-data share) %s\n",
		cert.FormatBP(rate, ok), t.Certified, t.Required, cert.FormatBP(share, sok))
	fmt.Fprintf(&b, "须人工核实 (review) %d 人，其中死亡后仍有认证 (certified after death) %d 人\n", t.Review, t.AfterDeath)
	w.Write(b.Bytes())
}
