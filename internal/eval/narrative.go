package eval

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"jixiao/internal/money"
)

// This file reads the figures a narrative states — the self-score, the
// grade, budgets, receipts, spending and their rates — and checks them
// against each other and against the sheet. Prose is ambiguous; where a
// figure's meaning cannot be told, the checker says so (funds.ambiguous)
// instead of guessing.

var (
	reTotal = regexp.MustCompile(`(?:自我评价|自评价|自评|评价|综合)得分(?:为|是|:|：)?([0-9]+(?:\.[0-9]+)?)分`)
	reGrade = regexp.MustCompile(`(?:评价等级|绩效等级|自评等级|等级)(?:为|是|评定为|:|：)?[“"]?(优秀|良好|合格|不合格|优|良|中|差)`)
	// An amount: digits with optional thousands separators and decimals, and a money unit.
	reAmount = regexp.MustCompile(`([0-9][0-9,]*(?:\.[0-9]+)?)(亿元|万元|元)`)
	// A rate: a percentage.
	reRate = regexp.MustCompile(`([0-9]+(?:\.[0-9]+)?)%`)
)

var gradeWords = map[string]string{"优秀": "优", "良好": "良", "合格": "中", "不合格": "差"}

// normProse folds full-width digits, dot and percent sign and drops spaces,
// keeping Chinese punctuation (so "，" still separates clauses).
func normProse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\u3000' || r == '\n' || r == '\r':
			continue
		case r >= '０' && r <= '９':
			r = r - '０' + '0'
		case r == '．':
			r = '.'
		case r == '％':
			r = '%'
		case r == '：':
			r = ':'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Statement kinds of money in prose.
type role int

const (
	roleNone     role = iota
	roleBudget        // 预算, 应补助, 计划, 共计
	roleReceived      // 到位
	roleSpent         // 支出, 执行
	roleActual        // 实际补助: received or spent, told by the rate that follows
)

var roleNames = [...]string{"", "预算数", "到位数", "支出数", "实际数"}

// source of an amount in prose: -1 is the total.
type amountRef struct {
	fen    money.Fen
	text   string
	role   role
	source int
	pos    int
}

// fundsReader accumulates the amounts of one report.
type fundsReader struct {
	c    *checker
	seen map[[2]int]amountRef // role, source → first statement
	line map[[2]int]int
}

func (c *checker) checkNarrative() {
	r := c.r
	passages := r.Narrative.Text()
	for i := range passages {
		passages[i].Text = normProse(passages[i].Text)
	}
	c.checkDeclared(passages)
	fr := &fundsReader{c: c, seen: map[[2]int]amountRef{}, line: map[[2]int]int{}}
	type pending struct {
		p     Passage
		sent  string
		items []amountRef
		rates [][]int
	}
	var later []pending
	for _, p := range passages {
		for _, sent := range splitSentences(p.Text) {
			var items []amountRef
			if strings.Contains(sent, "元") {
				items = fr.amounts(sent)
			}
			var rates [][]int
			if strings.Contains(sent, "%") {
				rates = reRate.FindAllStringSubmatchIndex(sent, -1)
			}
			fr.resolveActual(sent, items, rates)
			for _, it := range items {
				fr.record(it, p.Line)
			}
			if len(rates) > 0 {
				later = append(later, pending{p, sent, items, rates})
			}
		}
	}
	fr.fill()
	fr.checkParts()
	for _, pd := range later {
		fr.checkRates(pd.p, pd.sent, pd.items, pd.rates)
	}
	c.checkFundRows()
	c.checkExecution(passages)
	c.checkFigures(passages)
	c.checkProblems()
}

// checkDeclared compares the stated total and grade with the sheet.
func (c *checker) checkDeclared(passages []Passage) {
	var totals []Points
	var totalLine, gradeLine int
	for _, p := range passages {
		t := p.Text
		if !strings.Contains(t, "得分") && !strings.Contains(t, "等级") {
			continue
		}
		for _, m := range reTotal.FindAllStringSubmatch(t, -1) {
			if v, err := ParsePoints(m[1]); err == nil {
				if len(totals) == 0 {
					totalLine = p.Line
				}
				totals = append(totals, v)
			}
		}
		if c.res.DeclaredGrade == "" {
			if m := reGrade.FindStringSubmatch(t); m != nil {
				g := m[1]
				if w, ok := gradeWords[g]; ok {
					g = w
				}
				c.res.DeclaredGrade, gradeLine = g, p.Line
			}
		}
	}
	if len(totals) == 0 && c.r.Sheet.Total.StatesSelfScore() {
		// no 自评得分 in the prose: the form states it in its 总分 row
		// (checked against the rows by total.sum)
		c.res.DeclaredTotal, c.res.HasDeclaredTotal = c.r.Sheet.Total.Score, true
	}
	if len(totals) == 0 && c.res.DeclaredGrade == "" {
		if len(passages) > 0 && !c.res.HasDeclaredTotal {
			c.add("narrative.total_missing", SevInfo, nil, c.r.Line, "叙述中未找到自评得分与评价等级", "no self-score or grade found in the narrative")
		}
		return
	}
	for _, t := range totals[min(1, len(totals)):] {
		if t != totals[0] {
			c.add("funds.ambiguous", SevInfo, nil, totalLine,
				fmt.Sprintf("叙述中出现不同的自评得分：%s 与 %s，以第一个为准", totals[0], t),
				fmt.Sprintf("the narrative states different self-scores: %s and %s; the first is used", totals[0], t))
		}
	}
	if len(totals) > 0 {
		c.res.DeclaredTotal, c.res.HasDeclaredTotal = totals[0], true
		if len(c.r.Sheet.Rows) > 0 && totals[0] != c.res.ComputedTotal {
			c.add("narrative.total", SevError, nil, totalLine,
				fmt.Sprintf("叙述称自评得分 %s 分，评分表各项得分合计 %s 分", totals[0], c.res.ComputedTotal),
				fmt.Sprintf("the narrative states a self-score of %s but the sheet's scores add up to %s", totals[0], c.res.ComputedTotal))
		}
	}
	if g := c.res.DeclaredGrade; g != "" && len(c.r.Sheet.Rows) > 0 && g != c.res.Grade {
		c.add("narrative.grade", SevError, nil, gradeLine,
			fmt.Sprintf("叙述称评价等级为“%s”，按合计 %s 分应为“%s”", g, c.res.ComputedTotal, c.res.Grade),
			fmt.Sprintf("the narrative states grade %s but a total of %s earns %s", g, c.res.ComputedTotal, c.res.Grade))
	}
}

// splitSentences cuts prose at 。；; and keeps the pieces that hold a digit.
func splitSentences(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '。' || r == '；' || r == ';' })
	out := parts[:0]
	for _, p := range parts {
		if strings.ContainsAny(p, "0123456789") {
			out = append(out, p)
		}
	}
	return out
}

// clauseStart finds where the clause holding position pos begins.
func clauseStart(s string, pos int) int {
	i := strings.LastIndexAny(s[:pos], "，,:、（(")
	for i >= 0 && s[i] == ',' && i > 0 && isDigit(s[i-1]) && i+1 < len(s) && isDigit(s[i+1]) {
		i = strings.LastIndexAny(s[:i], "，,:、（(")
	}
	if i < 0 {
		return 0
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return i + size
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// amounts finds the money amounts of a sentence with their roles and
// sources. After "其中", amounts whose clause names no role of its own take
// the role of the total they break down ("预算6万元，其中：上级2万元").
func (fr *fundsReader) amounts(sent string) []amountRef {
	var out []amountRef
	src := -1
	listRole := roleNone
	prevEnd := 0
	for _, m := range reAmount.FindAllStringSubmatchIndex(sent, -1) {
		clause := sent[clauseStart(sent, m[0]):m[0]]
		if s := sourceOf(clause); s >= 0 {
			src = s
		}
		r, weak := roleOf(clause)
		if strings.Contains(sent[prevEnd:m[0]], "其中") && len(out) > 0 {
			listRole = out[len(out)-1].role
		}
		if listRole != roleNone && (r == roleNone || weak) {
			r = listRole
		} else if weak {
			r = roleActual
		}
		prevEnd = m[1]
		var f money.Fen
		var err error
		num := strings.ReplaceAll(sent[m[2]:m[3]], ",", "")
		switch sent[m[4]:m[5]] {
		case "万元":
			f, err = money.ParseWan(num)
		case "亿元":
			f, err = money.ParseWan(num)
			f *= 10000
		default:
			f, err = money.ParseYuan(num)
		}
		if err != nil {
			continue
		}
		out = append(out, amountRef{fen: f, text: sent[m[2]:m[5]], role: r, source: src, pos: m[0]})
	}
	return out
}

func sourceOf(clause string) int {
	switch {
	case strings.Contains(clause, "上级"), strings.Contains(clause, "中央"), strings.Contains(clause, "省级"):
		return int(SourceHigher)
	case strings.Contains(clause, "本级"):
		return int(SourceLocal)
	case strings.Contains(clause, "其他资金"):
		return int(SourceOther)
	}
	return -1
}

// roleOf names what an amount is from the words of its clause. weak is
// true when only a generic word ("补助资金", "拨付") hints at an actual amount.
func roleOf(clause string) (r role, weak bool) {
	c := strings.ReplaceAll(clause, "预算执行率", "")
	switch {
	case strings.Contains(c, "支出"), strings.Contains(c, "执行数"), strings.Contains(c, "支付"):
		return roleSpent, false
	case strings.Contains(c, "到位"):
		return roleReceived, false
	case strings.Contains(c, "预算"), strings.Contains(c, "应补助"), strings.Contains(c, "计划"), strings.Contains(c, "共计"), strings.Contains(c, "总额"):
		return roleBudget, false
	case strings.Contains(c, "实际"):
		return roleActual, false
	case strings.Contains(c, "补助资金"), strings.Contains(c, "拨付"):
		return roleNone, true
	}
	return roleNone, false
}

// rateKind names what a stated rate measures, from the words before it.
func rateKind(before string) role {
	switch {
	case strings.Contains(before, "到位率"):
		return roleReceived
	case strings.Contains(before, "执行率"), strings.Contains(before, "占"), strings.Contains(before, "支出率"):
		return roleSpent
	}
	return roleNone
}

// resolveActual gives "实际补助" amounts the role the sentence's rate names:
// "实际补助 2 万元，到位率 100%" is received; "实际补助 …，预算执行率 97.51%" is spent.
func (fr *fundsReader) resolveActual(sent string, items []amountRef, rates [][]int) {
	for i := range items {
		if items[i].role != roleActual {
			continue
		}
		for _, rm := range rates {
			if rm[0] > items[i].pos {
				if k := rateKind(sent[clauseStart(sent, rm[0]):rm[0]]); k != roleNone {
					items[i].role = k
				}
				break
			}
		}
	}
}

// record keeps the first statement of each role and source and reports a
// later one that differs.
func (fr *fundsReader) record(it amountRef, line int) {
	if it.role == roleNone || it.role == roleActual {
		return
	}
	key := [2]int{int(it.role), it.source}
	prev, ok := fr.seen[key]
	if !ok {
		fr.seen[key], fr.line[key] = it, line
		return
	}
	if prev.fen != it.fen {
		what := roleNames[it.role]
		if it.source >= 0 {
			what = FundSource(it.source).String() + what
		}
		fr.c.add("funds.conflict", SevWarning, nil, line,
			fmt.Sprintf("叙述中%s先称 %s，后称 %s", what, prev.text, it.text),
			fmt.Sprintf("the narrative states %s first as %s, later as %s", what, prev.text, it.text))
	}
}

// fill copies what the narrative states into the report's funds where the
// report has none of its own.
func (fr *fundsReader) fill() {
	f := &fr.c.r.Funds
	for key, it := range fr.seen {
		var sp *Split
		switch role(key[0]) {
		case roleBudget:
			sp = &f.Budget
		case roleReceived:
			sp = &f.Received
		case roleSpent:
			sp = &f.Spent
		default:
			continue
		}
		a := &sp.Total
		if key[1] >= 0 {
			a = &sp.BySource[key[1]]
		}
		if !a.Set {
			*a = Known(it.fen)
		}
	}
}

// checkParts checks that the parts of each split add up to its total.
func (fr *fundsReader) checkParts() {
	f := fr.c.r.Funds
	for _, s := range []struct {
		sp   Split
		r    role
		name string
	}{{f.Initial, roleBudget, "年初预算"}, {f.Budget, roleBudget, "预算"}, {f.Received, roleReceived, "到位"}, {f.Spent, roleSpent, "支出"}} {
		n := 0
		for _, a := range s.sp.BySource {
			if a.Set {
				n++
			}
		}
		sum, _ := s.sp.Sum()
		if n >= 2 && s.sp.Total.Set && sum != s.sp.Total.Fen {
			line := fr.line[[2]int{int(s.r), -1}]
			fr.c.add("funds.parts", SevError, nil, line,
				fmt.Sprintf("%s分项之和 %s 万元，与总额 %s 万元不符", s.name, sum.WanText(), s.sp.Total.Fen.WanText()),
				fmt.Sprintf("the %s parts add up to %s (10k yuan), not the total %s (10k yuan)", roleNamesEN[s.r], sum.WanText(), s.sp.Total.Fen.WanText()))
		}
	}
}

var roleNamesEN = [...]string{"", "budget", "received", "spent", "actual"}

// checkRates checks every rate a sentence states against its amounts.
func (fr *fundsReader) checkRates(p Passage, sent string, items []amountRef, rates [][]int) {
	f := fr.c.r.Funds
	for _, rm := range rates {
		kind := rateKind(sent[clauseStart(sent, rm[0]):rm[0]])
		if kind == roleNone {
			continue // a percentage that is not a funds rate
		}
		stated := sent[rm[2]:rm[3]]
		// Numerator: the last amount of the rate's role before it.
		var num, den *amountRef
		for i := range items {
			it := &items[i]
			if it.pos > rm[0] {
				break
			}
			if it.role == kind {
				num = it
			}
		}
		// Denominator: the budget of the same source, stated in the sentence or elsewhere.
		denRole := roleBudget
		if kind == roleSpent && fr.c.rs.ExecutionOverReceived {
			denRole = roleReceived
		}
		src := -1
		if num != nil {
			src = num.source
		}
		for i := range items {
			if items[i].pos < rm[0] && items[i].role == denRole && items[i].source == src {
				den = &items[i]
			}
		}
		var numF, denF Amount
		if num != nil {
			numF = Known(num.fen)
		} else if src == -1 {
			numF = splitFor(f, kind).All()
		}
		if den != nil {
			denF = Known(den.fen)
		} else if src == -1 {
			denF = splitFor(f, denRole).All()
		} else {
			denF = splitFor(f, denRole).BySource[src]
		}
		if !numF.Set || !denF.Set || denF.Fen == 0 {
			fr.c.add("funds.ambiguous", SevInfo, nil, p.Line,
				fmt.Sprintf("“%s”中的 %s%% 缺少可核对的金额（%s或%s未载明）", clip(sent, rm[1]), stated, roleNames[kind], roleNames[denRole]),
				fmt.Sprintf("the rate %s%% in %q cannot be checked: the %s or %s amount is not stated", stated, clip(sent, rm[1]), roleNamesEN[kind], roleNamesEN[denRole]))
			continue
		}
		statedN, err := ParseNumber(stated)
		if err != nil {
			continue
		}
		if !rateAgrees(numF.Fen, denF.Fen, statedN, fr.c.rs.RateTolerance) {
			bp, _ := money.RatioBP(numF.Fen, denF.Fen)
			fr.c.add("funds.rate", SevError, nil, p.Line,
				fmt.Sprintf("叙述称比率 %s%%，但 %s ÷ %s 万元 = %s%%", stated, numF.Fen.WanText(), denF.Fen.WanText(), bpString(bp)),
				fmt.Sprintf("the narrative states %s%% but %s ÷ %s (10k yuan) = %s%%", stated, numF.Fen.WanText(), denF.Fen.WanText(), bpString(bp)))
		}
	}
}

func splitFor(f Funds, r role) Split {
	switch r {
	case roleBudget:
		return f.Budget
	case roleReceived:
		return f.Received
	}
	return f.Spent
}

// rateAgrees compares num/den with a stated percentage at the precision it
// was stated with: "100%" allows [99.5%, 100.5%), "97.51%" allows ±tol.
func rateAgrees(num, den money.Fen, stated Number, tolBP int64) bool {
	bp, ok := money.RatioBP(num, den)
	if !ok {
		return false
	}
	sbp := int64(PointsFromNumber(stated) / 100) // percent → hundredths of a percent
	if stated.Scale >= 2 {
		d := bp - sbp
		return d >= -tolBP && d <= tolBP
	}
	step := int64(100)
	if stated.Scale == 1 {
		step = 10
	}
	rounded := money.DivRound(bp, step) * step
	return rounded == sbp
}

func clip(s string, end int) string {
	r := []rune(s[:end])
	if len(r) > 40 {
		r = append([]rune("…"), r[len(r)-40:]...)
	}
	return string(r)
}

// fundRowNames maps the sheet's funds rows to what they measure.
func fundRow(name string) role {
	switch {
	case strings.Contains(name, "到位率"):
		return roleReceived
	case strings.Contains(name, "执行率"):
		return roleSpent
	}
	return roleNone
}

// checkFundRows compares the 资金到位率 / 预算执行率 rows with the funds.
func (c *checker) checkFundRows() {
	f := c.r.Funds
	for i := range c.r.Sheet.Rows {
		row := &c.r.Sheet.Rows[i]
		k := fundRow(row.Level3)
		if k == roleNone || row.Actual.Kind != KindNumber || row.Actual.Unit != "%" {
			continue
		}
		var num, den Amount
		if k == roleReceived {
			num, den = f.Received.All(), f.Budget.All()
		} else {
			num, den = f.Spent.All(), f.Budget.All()
			if c.rs.ExecutionOverReceived {
				den = f.Received.All()
			}
		}
		if !num.Set || !den.Set || den.Fen == 0 {
			continue
		}
		if !rateAgrees(num.Fen, den.Fen, row.Actual.Num, c.rs.RateTolerance) {
			bp, _ := money.RatioBP(num.Fen, den.Fen)
			c.add("funds.row", SevError, row, 0,
				fmt.Sprintf("评分表填 %s，但叙述中的金额 %s ÷ %s 万元 = %s%%", row.Actual, num.Fen.WanText(), den.Fen.WanText(), bpString(bp)),
				fmt.Sprintf("the sheet says %s but the stated amounts give %s ÷ %s (10k yuan) = %s%%", row.Actual.String(), num.Fen.WanText(), den.Fen.WanText(), bpString(bp)))
		}
	}
}

// checkExecution requires a reason when 预算执行率 is below the threshold.
func (c *checker) checkExecution(passages []Passage) {
	bp, ok := c.r.Funds.ExecutionRate(c.rs.ExecutionOverReceived)
	var row *Row
	for i := range c.r.Sheet.Rows {
		if r := &c.r.Sheet.Rows[i]; strings.Contains(r.Level3, "执行率") {
			row = r
			if !ok && r.Actual.Kind == KindNumber && r.Actual.Unit == "%" {
				bp, ok = int64(PointsFromNumber(r.Actual.Num)/100), true
			}
		}
	}
	if ex := c.r.Sheet.Execution; ex != nil {
		if !ok && ex.HasRate {
			bp, ok = int64(PointsFromNumber(ex.Rate)/100), true
		}
		if ex.Reason != "" {
			return
		}
	}
	if !ok || bp >= c.rs.ExecutionMin {
		return
	}
	if row != nil && row.Basis != "" {
		return
	}
	for _, p := range passages {
		if strings.Contains(p.Text, "执行率") && (strings.Contains(p.Text, "原因") || strings.Contains(p.Text, "由于")) {
			return
		}
	}
	c.add("execution.low", SevWarning, row, 0,
		fmt.Sprintf("预算执行率 %s%% 低于 %s%%，未说明原因", bpString(bp), bpString(c.rs.ExecutionMin)),
		fmt.Sprintf("budget execution %s%% is below %s%% with no reason given", bpString(bp), bpString(c.rs.ExecutionMin)))
}

// reFigureTail reads what follows a rate's name: "为98%", "达到 100%".
var reFigureTail = regexp.MustCompile(`^(?:为|达到|达|是|:)?([0-9]+(?:\.[0-9]+)?)%`)

// figures finds "<two characters>率/度 … N%" in prose (满意率98%, 发放率为100%)
// and returns the two-character stem, the whole phrase and the number.
func figures(text string) [][3]string {
	var out [][3]string
	for i := 0; i < len(text); {
		j := strings.IndexAny(text[i:], "率度")
		if j < 0 {
			break
		}
		at := i + j
		_, size := utf8.DecodeRuneInString(text[at:])
		i = at + size
		m := reFigureTail.FindStringSubmatch(text[i:])
		if m == nil {
			continue
		}
		before := []rune(text[:at])
		if len(before) < 2 || !unicode.Is(unicode.Han, before[len(before)-1]) || !unicode.Is(unicode.Han, before[len(before)-2]) {
			continue
		}
		stem := string(before[len(before)-2:])
		out = append(out, [3]string{stem, stem + text[at:i] + m[0], m[1]})
	}
	return out
}

// checkFigures compares percentages the narrative gives for an indicator
// ("服务对象满意率 98%") with the sheet's actual value.
func (c *checker) checkFigures(passages []Passage) {
	keys := map[string][]*Row{}
	for i := range c.r.Sheet.Rows {
		row := &c.r.Sheet.Rows[i]
		if row.Actual.Kind != KindNumber || row.Actual.Unit != "%" || fundRow(row.Level3) != roleNone {
			continue
		}
		if k := figureKey(row.Level3); k != "" {
			keys[k] = append(keys[k], row)
		}
	}
	if len(keys) == 0 {
		return
	}
	for _, p := range passages {
		if !strings.Contains(p.Text, "%") {
			continue
		}
		for _, m := range figures(p.Text) {
			rows := keys[m[0]]
			if len(rows) != 1 {
				continue // no row, or two rows share the stem: cannot be matched
			}
			row := rows[0]
			n, err := ParseNumber(m[2])
			if err != nil || n.Cmp(row.Actual.Num) == 0 {
				continue
			}
			c.add("figure.mismatch", SevWarning, row, p.Line,
				fmt.Sprintf("叙述称“%s”，评分表实际完成值为 %s", m[1], row.Actual),
				fmt.Sprintf("the narrative states %s%% but the sheet's actual is %s", m[2], row.Actual.String()))
		}
	}
}

// figureKey is the stem of a rate's name: "满意" for 百姓满意度 and 服务对象满意率.
func figureKey(name string) string {
	r := []rune(Normalize(name))
	if len(r) < 3 || (r[len(r)-1] != '率' && r[len(r)-1] != '度') {
		return ""
	}
	return string(r[len(r)-3 : len(r)-1])
}
