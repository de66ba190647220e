package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"jixiao/internal/locale"
	"os"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/project"
	"jixiao/internal/report/xlsx"
	"jixiao/internal/reviewdesk"
)

// runReview is the finance bureau's review desk on the command line: the
// year's reports ranked by risk with reasons, and the 抽评 sample.
func runReview(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("review", flag.ContinueOnError)
	lang := messagesLang(fs)
	fs.SetOutput(stderr)
	year := fs.Int("year", 0, "复核年度；0 为报告中最晚的年度 (year under review; 0: the latest)")
	sample := fs.Int("sample", 0, "抽评样本份数 (size of the review sample)")
	seed := fs.Uint64("seed", 1, "抽样种子，相同种子得到相同样本 (sample seed)")
	units := fs.String("units", "", "只复核这些单位，逗号分隔 (units to review, comma-separated)")
	rescores := fs.String("rescores", "", "财政复核得分 CSV：单位,项目,年度,复核得分 (re-scores)")
	format := fs.String("format", "text", "输出格式 text|json|xlsx (output format)")
	out := fs.String("out", "", "输出文件，默认标准输出 (output file; default standard output)")
	top := fs.Int("top", 100, "文本输出列出的风险报告数 (reports listed in text output)")
	rules := fs.String("rules", "default", "规则：内置名称或规则文件路径 (rule set name or file)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法: jixiao review --year Y [--sample N] [--seed S] [--units U,…] [--rescores FILE] [--format text|json|xlsx] [--out FILE] FILE...")
		fmt.Fprintln(stderr, "复核工作台：按风险排列当年报告并说明理由，抽取抽评样本。文件无法读取时退出码为 2。")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitFlag(err)
	}
	if *format != "text" && *format != "json" && *format != "xlsx" {
		fmt.Fprintf(stderr, "jixiao review: --format 应为 text、json 或 xlsx，而不是 %q\n", *format)
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	if *sample < 0 {
		fmt.Fprintln(stderr, "jixiao review: --sample 不能为负数 (must not be negative)")
		return 2
	}
	rs, err := project.LoadRuleSet(*rules)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao review: %v\n", err)
		return 2
	}
	opt := reviewdesk.Options{Year: *year, Sample: *sample, Seed: *seed}
	for _, u := range strings.Split(*units, ",") {
		if u = strings.TrimSpace(u); u != "" {
			opt.Units = append(opt.Units, u)
		}
	}
	if *rescores != "" {
		data, err := os.ReadFile(*rescores)
		if err != nil {
			fmt.Fprintf(stderr, "jixiao review: %v\n", err)
			return 2
		}
		if opt.Rescores, err = reviewdesk.ParseRescores(*rescores, data); err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
	}
	checked, readErr := readAndCheck(fs.Args(), stdin, rs, stderr)
	if readErr {
		fmt.Fprintln(stderr, "jixiao review: 有文件无法读取，未作复核 (some inputs could not be read; nothing reviewed)")
		return 2
	}
	items := make([]reviewdesk.Item, len(checked))
	for i, c := range checked {
		items[i] = reviewdesk.Item{Report: c.r, Result: c.res}
	}
	d := reviewdesk.Review(items, opt)
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintf(stderr, "jixiao review: %v\n", err)
			return 2
		}
		defer f.Close()
		w = f
	}
	switch *format {
	case "json":
		err = writeReviewJSON(w, d)
	case "xlsx":
		err = xlsx.WriteReviewDesk(w, d)
	default:
		writeReviewText(w, d, *top, *seed, locale.New(*lang))
	}
	if err != nil {
		fmt.Fprintf(stderr, "jixiao review: %v\n", err)
		return 2
	}
	for _, u := range d.Unmatched {
		fmt.Fprintf(stderr, "%s:%d: 复核得分未对应任何报告，未使用 (re-score matches no report; not used): %s %s %d\n", *rescores, u.Line, u.Unit, u.Project, u.Year)
	}
	return 0
}

// reportRef names a report: its unit and project (quoted in English, being
// the report's own words), year, file and line.
func reportRef(d *reviewdesk.Desk, i int, p locale.Printer) string {
	r := d.Items[i].Report
	if p.IsEN() {
		return fmt.Sprintf("“%s —— %s” (%d) %s:%d", r.Unit, r.Project, r.Year, r.Source, r.Line)
	}
	return fmt.Sprintf("%s —— %s（%d）%s:%d", r.Unit, r.Project, r.Year, r.Source, r.Line)
}

func amountWan(a eval.Amount, p locale.Printer) string {
	if !a.Set {
		return "—"
	}
	return p.Tf("%s万元", a.Fen.WanText())
}

func writeReviewText(w io.Writer, d *reviewdesk.Desk, top int, seed uint64, p locale.Printer) {
	others := len(d.Items) - len(d.Ranking)
	fmt.Fprintln(w, p.Tf("复核工作台 %d 年：%d 份报告（另有其他年度或单位 %d 份作对比），发现 %d 项", d.Year, len(d.Ranking), others, len(d.Findings)))
	fmt.Fprintln(w)
	fmt.Fprintln(w, "== "+p.T("风险排序（风险分越高越值得复核）"))
	shown := 0
	for k, rk := range d.Ranking {
		if rk.Risk == 0 || shown == top {
			break
		}
		shown++
		fmt.Fprintf(w, "%3d. %s %-3d %s  %s %s\n", k+1, p.T("风险"), rk.Risk, reportRef(d, rk.Item, p), p.T("金额"), amountWan(rk.Amount, p))
		for _, fi := range rk.Findings {
			f := d.Findings[fi]
			fmt.Fprintf(w, "       [%s] %s\n", f.Signal, p.Pick(f.MessageZH, f.MessageEN))
		}
	}
	if rest := countRisky(d) - shown; rest > 0 {
		fmt.Fprintln(w, "     "+p.Tf("…… 另有 %d 份有风险的报告未列出（--top 调整）", rest))
	}
	if shown == 0 {
		fmt.Fprintln(w, "     "+p.T("未发现风险信号"))
	}
	var passages bool
	for _, f := range d.Findings {
		if len(f.Passages) > 0 {
			if !passages {
				fmt.Fprintln(w, "\n== "+p.T("雷同段落对照"))
				passages = true
			}
			fmt.Fprintf(w, "[%s] %s\n", f.Signal, p.Pick(f.MessageZH, f.MessageEN))
			for _, ps := range f.Passages {
				fmt.Fprintf(w, "   %s %s %s%s%s\n", p.T("甲"), reportRef(d, ps.A, p), p.Tf("第%d行", ps.LineA), p.T("："), ps.TextA)
				fmt.Fprintf(w, "   %s %s %s%s%s\n", p.T("乙"), reportRef(d, ps.B, p), p.Tf("第%d行", ps.LineB), p.T("："), ps.TextB)
			}
		}
	}
	if len(d.Sample) > 0 {
		fmt.Fprintln(w, "\n== "+p.Tf("抽评样本（%d 份，种子 %d，按金额分层）", len(d.Sample), seed))
		for k, s := range d.Sample {
			how := p.T("随机抽取")
			if s.ByRisk {
				how = p.T("按风险")
			}
			fmt.Fprintf(w, "%3d. %s %s %s %-3d %s  %s %s\n", k+1, p.T(s.Stratum), how, p.T("风险"), s.Risk, reportRef(d, s.Item, p), p.T("金额"), amountWan(s.Amount, p))
		}
	}
}

func countRisky(d *reviewdesk.Desk) int {
	n := 0
	for _, rk := range d.Ranking {
		if rk.Risk > 0 {
			n++
		}
	}
	return n
}

type jsonReviewRef struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Unit    string `json:"unit"`
	Project string `json:"project"`
	Year    int    `json:"year"`
	Risk    int    `json:"risk"`
}

type jsonPassageSide struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Text string `json:"text"`
}

func writeReviewJSON(w io.Writer, d *reviewdesk.Desk) error {
	ref := func(i, risk int) jsonReviewRef {
		r := d.Items[i].Report
		return jsonReviewRef{r.Source, r.Line, r.Unit, r.Project, r.Year, risk}
	}
	side := func(i, line int, text string) jsonPassageSide {
		return jsonPassageSide{d.Items[i].Report.Source, line, text}
	}
	type jsonFinding struct {
		Signal     string               `json:"signal"`
		Unit       string               `json:"unit"`
		Similarity int                  `json:"similarity,omitempty"`
		MessageZH  string               `json:"message_zh"`
		MessageEN  string               `json:"message_en"`
		Reports    []jsonReviewRef      `json:"reports"`
		Passages   [][2]jsonPassageSide `json:"passages"`
	}
	type jsonRanked struct {
		Rank int `json:"rank"`
		jsonReviewRef
		AmountFen *int64 `json:"amount_fen"`
		Findings  []int  `json:"findings"`
		Stratum   string `json:"stratum,omitempty"`
		ByRisk    *bool  `json:"by_risk,omitempty"`
	}
	type jsonRescore struct {
		Line    int    `json:"line"`
		Unit    string `json:"unit"`
		Project string `json:"project"`
		Year    int    `json:"year"`
	}
	out := struct {
		Year      int           `json:"year"`
		Ranking   []jsonRanked  `json:"ranking"`
		Findings  []jsonFinding `json:"findings"`
		Sample    []jsonRanked  `json:"sample"`
		Unmatched []jsonRescore `json:"unmatched_rescores"`
	}{Year: d.Year, Ranking: []jsonRanked{}, Findings: []jsonFinding{}, Sample: []jsonRanked{}, Unmatched: []jsonRescore{}}
	rankOf := map[int]int{}
	ranked := func(rk reviewdesk.Ranked) jsonRanked {
		j := jsonRanked{Rank: rankOf[rk.Item], jsonReviewRef: ref(rk.Item, rk.Risk), Findings: append([]int{}, rk.Findings...)}
		if rk.Amount.Set {
			v := int64(rk.Amount.Fen)
			j.AmountFen = &v
		}
		return j
	}
	for k, rk := range d.Ranking {
		rankOf[rk.Item] = k + 1
		out.Ranking = append(out.Ranking, ranked(rk))
	}
	for _, f := range d.Findings {
		jf := jsonFinding{Signal: string(f.Signal), Unit: f.Unit, Similarity: f.Similarity, MessageZH: f.MessageZH, MessageEN: f.MessageEN,
			Reports: []jsonReviewRef{}, Passages: [][2]jsonPassageSide{}}
		for _, r := range f.Reports {
			jf.Reports = append(jf.Reports, ref(r.Item, r.Risk))
		}
		for _, p := range f.Passages {
			jf.Passages = append(jf.Passages, [2]jsonPassageSide{side(p.A, p.LineA, p.TextA), side(p.B, p.LineB, p.TextB)})
		}
		out.Findings = append(out.Findings, jf)
	}
	for _, s := range d.Sample {
		j := ranked(s.Ranked)
		j.Stratum = s.Stratum
		by := s.ByRisk
		j.ByRisk = &by
		out.Sample = append(out.Sample, j)
	}
	for _, u := range d.Unmatched {
		out.Unmatched = append(out.Unmatched, jsonRescore{u.Line, u.Unit, u.Project, u.Year})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
