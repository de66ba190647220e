// Package benefit computes what one person is entitled to in one month
// under a rule file: 居保 (基础养老金 + 缴费年限加发 + 高龄加发 + 个人账户养老金),
// flat-rate schemes such as 失保 养老补助金 and the quarterly 土地保养工 生活补助,
// with the formula in words and each component's funding source.
//
// Rules are data: every amount has an effective month and a source (文号),
// and the choices the reports leave open (rounding, when an age starts to
// count) are settings of the rule file. The package is pure: no I/O.
// Money is exact (money.Fen); every division is rounded by an explicit rule.
package benefit

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"jixiao/internal/cal"
	"jixiao/internal/keyval"
	"jixiao/internal/money"
)

// Rounding says where amounts are rounded.
type Rounding string

// Rounding modes.
const (
	// RoundTotal adds the exact components and rounds the total once.
	RoundTotal Rounding = "total"
	// RoundComponent rounds each component, then adds them.
	RoundComponent Rounding = "component"
)

// AgeFrom says from which month an age counts.
type AgeFrom string

// Age starts.
const (
	BirthdayMonth AgeFrom = "birthday_month" // the month of the birthday
	NextMonth     AgeFrom = "next_month"     // the month after it
)

// Items of a pension scheme (居保-type).
const (
	ItemBase      = "基础养老金"
	ItemSeniority = "缴费年限加发"   // percent of the 基础养老金 per year beyond the threshold
	ItemThreshold = "加发起算年限"   // years of contribution (补缴 excluded) before 加发 starts
	ItemAge       = "高龄加发"     // yuan, banded by age
	ItemDivisor   = "个人账户计发月数" // months the account balance is divided by
	ItemAccount   = "个人账户养老金"  // the component (funding key), not a rate
)

// Rate is one value of an item from an effective month, for ages from Band.
type Rate struct {
	Item     string
	Band     int       // lowest age the value applies to; 0 = all ages
	From     cal.Month // effective month
	Value    int64     // fen for amounts, hundredths of a percent for percents, a count otherwise
	Source   string    // 文号 or the report's words
	Verified bool      // false when the file says 未核实
	Note     string    // what is not verified
	Line     int
}

// Share is the part of a component a funding source bears.
type Share struct {
	Source string // 上级, 本级, 个人账户 …
	BP     int64  // hundredths of a percent: 5000 = 50%
}

// Funding is the split of one component, with its source.
type Funding struct {
	Shares   []Share
	Source   string
	Verified bool
	Line     int
}

// Scheme is one scheme (险种) of a rule file.
type Scheme struct {
	Name      string
	Pension   bool   // 居保-type formula; else a flat rate
	Item      string // the flat rate's item (养老补助金)
	Quarterly bool   // paid in the last month of each quarter for its three months
	MinAge    int    // 0 = no age condition
	AgeSource string
	AgeLine   int
	Rates     map[string][]Rate // by item, sorted by band then month
	Funding   map[string]Funding
	Line      int

	// the rates of each item, for computing without map look-ups (Parse sets them)
	base, div, sen, thr, age, flat []Rate
}

func (s *Scheme) index() {
	s.base, s.div, s.sen, s.thr, s.age = s.Rates[ItemBase], s.Rates[ItemDivisor], s.Rates[ItemSeniority], s.Rates[ItemThreshold], s.Rates[ItemAge]
	s.flat = s.Rates[s.Item]
}

// Rules is a parsed rule file.
type Rules struct {
	Name, Description string
	Rounding          Rounding
	Unit              money.Fen // 1 (分) or 10 (角)
	PensionFrom       AgeFrom
	SupplementFrom    AgeFrom
	Schemes           map[string]*Scheme
}

//go:embed rugao.rules
var rugaoFile []byte

// RugaoFile returns the text of the built-in 如皋 rule file.
func RugaoFile() []byte { return append([]byte(nil), rugaoFile...) }

// Builtin returns the built-in rule file of that name (rugao), parsed.
func Builtin(name string) (*Rules, bool) {
	if name != "rugao" {
		return nil, false
	}
	r, err := Parse("rugao.rules", rugaoFile)
	if err != nil {
		panic("benefit: built-in rule file: " + err.Error())
	}
	return r, true
}

// BuiltinNames lists the built-in rule files.
func BuiltinNames() []string { return []string{"rugao"} }

// RuleError is a problem in a rule file, with its line.
type RuleError struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *RuleError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Key, e.Msg)
}

// Parse reads a rule file. Lines are "key = value", "#" starts a comment.
//
//	name = rugao
//	rounding = total              # total | component
//	round_to = fen                # fen | jiao
//	pension_from = next_month     # birthday_month | next_month
//	supplement_from = next_month  # birthday_month | next_month
//	scheme.居保 = pension
//	scheme.失保 = flat 养老补助金
//	scheme.土地保养工 = flat 生活补助 quarterly
//	age.居保 = 60 | 国发〔2014〕8号
//	居保.基础养老金 @ 2023-01 = 215 | 来源 | 未核实
//	居保.高龄加发.65 @ 2022-01 = 5 | 来源
//	funding.居保.基础养老金 = 上级 50%, 本级 50% | 来源
//
// A rate or funding line must name a scheme declared above it; the same
// (item, band, month) twice, an unknown key, a bad amount or a share that
// does not add up to 100% is an error with its line.
func Parse(file string, data []byte) (*Rules, error) {
	r := &Rules{Rounding: RoundTotal, Unit: 1, PensionFrom: NextMonth, SupplementFrom: NextMonth,
		Schemes: map[string]*Scheme{}}
	lines, _ := keyval.Lines(data, keyval.Collapse)
	for _, l := range lines {
		if l.Err != "" {
			return nil, &RuleError{file, l.N, l.Key, l.Err}
		}
		if err := r.set(l.Key, l.Value, l.N); err != nil {
			return nil, &RuleError{file, l.N, l.Key, err.Error()}
		}
	}
	if r.Name == "" {
		r.Name = file
	}
	for _, name := range r.SchemeNames() {
		s := r.Schemes[name]
		s.index()
		if s.Pension {
			for _, it := range []string{ItemBase, ItemDivisor} {
				if len(s.Rates[it]) == 0 {
					return nil, &RuleError{file, s.Line, "scheme." + name, fmt.Sprintf("养老金险种缺少 %s 标准 (pension scheme lacks %s)", it, it)}
				}
			}
		} else if len(s.Rates[s.Item]) == 0 {
			return nil, &RuleError{file, s.Line, "scheme." + name, fmt.Sprintf("缺少 %s 标准 (no rate for %s)", s.Item, s.Item)}
		}
	}
	return r, nil
}

// SchemeNames returns the schemes in name order.
func (r *Rules) SchemeNames() []string {
	var out []string
	for n := range r.Schemes {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// splitSource cuts "value | source | note" into its parts.
func splitSource(val string) (v, source, note string, verified bool) {
	parts := strings.Split(val, "|")
	v = strings.TrimSpace(parts[0])
	verified = true
	if len(parts) > 1 {
		source = strings.TrimSpace(parts[1])
	}
	if len(parts) > 2 {
		note = strings.TrimSpace(strings.Join(parts[2:], "|"))
	}
	if strings.Contains(source, "未核实") || strings.Contains(note, "未核实") || strings.Contains(source, "推算") {
		verified = false
	}
	return
}

func (r *Rules) set(key, val string, line int) error {
	switch key {
	case "name":
		r.Name = val
		return nil
	case "description":
		r.Description = val
		return nil
	case "rounding":
		switch Rounding(val) {
		case RoundTotal, RoundComponent:
			r.Rounding = Rounding(val)
			return nil
		}
		return fmt.Errorf("应为 total 或 component (must be total or component), 而不是 %q", val)
	case "round_to":
		switch val {
		case "fen", "分":
			r.Unit = 1
		case "jiao", "角":
			r.Unit = 10
		default:
			return fmt.Errorf("应为 fen 或 jiao (must be fen or jiao), 而不是 %q", val)
		}
		return nil
	case "pension_from", "supplement_from":
		a := AgeFrom(val)
		if a != BirthdayMonth && a != NextMonth {
			return fmt.Errorf("应为 birthday_month 或 next_month, 而不是 %q", val)
		}
		if key == "pension_from" {
			r.PensionFrom = a
		} else {
			r.SupplementFrom = a
		}
		return nil
	}
	switch {
	case strings.HasPrefix(key, "scheme."):
		return r.setScheme(strings.TrimPrefix(key, "scheme."), val, line)
	case strings.HasPrefix(key, "age."):
		s, err := r.scheme(strings.TrimPrefix(key, "age."))
		if err != nil {
			return err
		}
		v, src, note, _ := splitSource(val)
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 150 {
			return fmt.Errorf("领取年龄应为 0–150 的整数 (age must be an integer 0–150), 而不是 %q", v)
		}
		s.MinAge, s.AgeSource, s.AgeLine = n, strings.TrimSpace(src+" "+note), line
		return nil
	case strings.HasPrefix(key, "funding."):
		return r.setFunding(strings.TrimPrefix(key, "funding."), val, line)
	case strings.Contains(key, "@"):
		return r.setRate(key, val, line)
	}
	return fmt.Errorf("未知的键 (unknown key)")
}

func validName(s string) bool {
	return s != "" && !strings.ContainsAny(s, ".@=| \t")
}

func (r *Rules) setScheme(name, val string, line int) error {
	if !validName(name) {
		return fmt.Errorf("险种名不能为空或含 . @ = | 空格 (bad scheme name %q)", name)
	}
	f := strings.Fields(val)
	s := &Scheme{Name: name, Rates: map[string][]Rate{}, Funding: map[string]Funding{}, Line: line}
	switch {
	case len(f) == 1 && f[0] == "pension":
		s.Pension = true
	case len(f) >= 2 && f[0] == "flat" && validName(f[1]):
		s.Item = f[1]
		switch {
		case len(f) == 2:
		case len(f) == 3 && f[2] == "quarterly":
			s.Quarterly = true
		default:
			return fmt.Errorf("应为“flat 项目 [quarterly]” (expected flat ITEM [quarterly]), 而不是 %q", val)
		}
	default:
		return fmt.Errorf("应为 pension 或“flat 项目 [quarterly]” (expected pension or flat ITEM [quarterly]), 而不是 %q", val)
	}
	r.Schemes[name] = s
	return nil
}

func (r *Rules) scheme(name string) (*Scheme, error) {
	s, ok := r.Schemes[name]
	if !ok {
		return nil, fmt.Errorf("险种 %q 未声明，须先写 scheme.%s = … (scheme not declared above)", name, name)
	}
	return s, nil
}

// setRate reads "险种.项目[.年龄] @ YYYY-MM = 值 | 来源 | 注".
func (r *Rules) setRate(key, val string, line int) error {
	lhs, month, _ := strings.Cut(key, "@")
	m, ok := cal.ParseMonth(strings.TrimSpace(month))
	if !ok {
		return fmt.Errorf("起始年月应为 YYYY-MM (effective month must be YYYY-MM), 而不是 %q", strings.TrimSpace(month))
	}
	parts := strings.Split(strings.TrimSpace(lhs), ".")
	if len(parts) < 2 || len(parts) > 3 {
		return fmt.Errorf("应为“险种.项目[.起始年龄] @ 年月” (expected SCHEME.ITEM[.AGE] @ YYYY-MM)")
	}
	s, err := r.scheme(parts[0])
	if err != nil {
		return err
	}
	item := parts[1]
	if s.Pension {
		switch item {
		case ItemBase, ItemSeniority, ItemThreshold, ItemAge, ItemDivisor:
		default:
			return fmt.Errorf("养老金险种没有项目 %q（可用：%s、%s、%s、%s、%s）", item, ItemBase, ItemSeniority, ItemThreshold, ItemAge, ItemDivisor)
		}
	} else if item != s.Item {
		return fmt.Errorf("险种 %s 的项目是 %s，不是 %q", s.Name, s.Item, item)
	}
	band := 0
	if len(parts) == 3 {
		band, err = strconv.Atoi(parts[2])
		if err != nil || band < 0 || band > 150 {
			return fmt.Errorf("起始年龄应为 0–150 的整数 (age band must be an integer 0–150), 而不是 %q", parts[2])
		}
		if s.Pension && item != ItemAge {
			return fmt.Errorf("只有 %s 按年龄分档 (only %s has age bands)", ItemAge, ItemAge)
		}
	}
	v, src, note, verified := splitSource(val)
	rt := Rate{Item: item, Band: band, From: m, Source: src, Verified: verified, Note: note, Line: line}
	switch item {
	case ItemSeniority:
		bp, ok := parsePercent(v)
		if !ok {
			return fmt.Errorf("应为百分比，如 2%% (expected a percentage such as 2%%), 而不是 %q", v)
		}
		rt.Value = bp
	case ItemThreshold, ItemDivisor:
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 1000 || item == ItemDivisor && n == 0 {
			return fmt.Errorf("应为正整数 (expected a positive whole number), 而不是 %q", v)
		}
		rt.Value = int64(n)
	default:
		f, err := money.ParseYuan(v)
		if err != nil || f < 0 || f > 1000000*money.Yuan {
			return fmt.Errorf("应为 0–1,000,000 元的金额 (expected an amount in yuan), 而不是 %q", v)
		}
		rt.Value = int64(f)
	}
	rates := append(s.Rates[item], rt)
	sort.SliceStable(rates, func(i, j int) bool {
		if rates[i].Band != rates[j].Band {
			return rates[i].Band < rates[j].Band
		}
		return rates[i].From < rates[j].From
	})
	s.Rates[item] = rates
	return nil
}

// parsePercent reads "2%" (or "2.5%") into hundredths of a percent.
func parsePercent(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if !strings.HasSuffix(s, "%") {
		return 0, false
	}
	f, err := money.ParseYuan(strings.TrimSuffix(s, "%")) // two decimals, exact
	if err != nil || f < 0 || f > 100*money.Yuan {
		return 0, false
	}
	return int64(f), true
}

// setFunding reads "funding.险种.项目 = 上级 50%, 本级 50% | 来源".
func (r *Rules) setFunding(key, val string, line int) error {
	name, item, ok := strings.Cut(key, ".")
	if !ok || !validName(item) {
		return fmt.Errorf("应为 funding.险种.项目 (expected funding.SCHEME.ITEM)")
	}
	s, err := r.scheme(name)
	if err != nil {
		return err
	}
	if s.Pension {
		switch item {
		case ItemBase, ItemSeniority, ItemAge, ItemAccount:
		default:
			return fmt.Errorf("养老金险种的资金项目应为 %s、%s、%s 或 %s，不是 %q", ItemBase, ItemSeniority, ItemAge, ItemAccount, item)
		}
	} else if item != s.Item {
		return fmt.Errorf("险种 %s 的项目是 %s，不是 %q", s.Name, s.Item, item)
	}
	v, src, note, verified := splitSource(val)
	fd := Funding{Source: strings.TrimSpace(src + " " + note), Verified: verified, Line: line}
	var total int64
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '，' || r == ';' }) {
		f := strings.Fields(part)
		if len(f) != 2 {
			return fmt.Errorf("每项应写作“来源 比例”，如“本级 50%%” (each share reads like 本级 50%%), 而不是 %q", strings.TrimSpace(part))
		}
		bp, ok := parsePercent(f[1])
		if !ok {
			return fmt.Errorf("比例应为百分比 (share must be a percentage), 而不是 %q", f[1])
		}
		fd.Shares = append(fd.Shares, Share{f[0], bp})
		total += bp
	}
	if total != 10000 {
		return fmt.Errorf("各来源比例之和应为 100%%，实为 %s%% (shares must add up to 100%%)", money.Fen(total))
	}
	s.Funding[item] = fd
	return nil
}

// rate returns the value in effect in month m for age among rates (sorted
// by band, then month): of the highest age band not above age that has a
// value by m, the latest value.
func rate(rates []Rate, age int, m cal.Month) (cur *Rate) {
	for i := range rates {
		if rates[i].Band <= age && rates[i].From <= m {
			cur = &rates[i]
		}
	}
	return cur
}

// previous returns the rate of the same item and band that cur replaced.
func (s *Scheme) previous(cur *Rate) *Rate {
	var prev *Rate
	for i, r := range s.Rates[cur.Item] {
		if r.Band == cur.Band && r.From < cur.From && (prev == nil || r.From > prev.From) {
			prev = &s.Rates[cur.Item][i]
		}
	}
	return prev
}
