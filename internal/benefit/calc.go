package benefit

import (
	"fmt"
	"strconv"
	"strings"

	"jixiao/internal/cal"
	"jixiao/internal/money"
)

// Person is what the rules need to know about a recipient.
type Person struct {
	Scheme string
	Birth  cal.Date  // from the ID number or the roll
	Start  cal.Month // 待遇开始年月; 0 = unknown (not checked)
	// Years is the 缴费年限 and Makeup the 补缴年限 within it; -1 = unknown.
	Years, Makeup int
	// Balance is the 个人账户储存额 the account pension is computed from
	// (the balance when the benefit started); HasBalance says it is known.
	Balance    money.Fen
	HasBalance bool
	// Ref, if set, is the caller's look-up of Rules.Schemes[Scheme]; it is
	// used only while its Name is Scheme (a payroll check looks a scheme up
	// once per roll group, not once per row and call).
	Ref *Scheme
}

// schemeOf returns the person's scheme.
func (r *Rules) schemeOf(p *Person) (*Scheme, bool) {
	if p.Ref != nil && p.Ref.Name == p.Scheme {
		return p.Ref, true
	}
	s, ok := r.Schemes[p.Scheme]
	return s, ok
}

// Status says why an amount could not be computed.
type Status uint8

// Statuses. Everything but OK and UnderAge means the month cannot be
// verified with the data given: it is counted, never guessed.
const (
	OK          Status = iota
	NoScheme           // 险种不在规则中
	NoRate             // no value in effect that month
	NoBirth            // birth date unknown
	NoYears            // 缴费年限 unknown
	NoMakeup           // 补缴年限 unknown while years exceed the threshold
	NoBalance          // 个人账户储存额 unknown
	UnderAge           // below the scheme's age: nothing is due
	OffSchedule        // a quarterly scheme paid outside a quarter's last month
)

var statusZH = [...]string{"", "险种不在规则中", "该月无适用标准", "出生日期不明", "缴费年限不明", "补缴年限不明",
	"个人账户储存额不明", "未到领取年龄", "非季末发放月"}
var statusEN = [...]string{"", "scheme not in the rules", "no rate in effect that month", "birth date unknown",
	"contribution years unknown", "make-up years unknown", "account balance unknown", "below the pension age",
	"not a quarter's last month"}

// LabelZH names the status in Chinese.
func (s Status) LabelZH() string { return statusZH[s] }

// LabelEN names the status in English.
func (s Status) LabelEN() string { return statusEN[s] }

// Variant asks for the amount under a departure from the rule, to tell
// which mistake a wrong payment matches.
type Variant uint8

// Variants.
const (
	Normal       Variant = 0
	PrevStandard Variant = 1 << iota // the 基础养老金 / flat rate before its latest change
	NoSupplement                     // without the 高龄加发
)

// Reached returns the first month in which a person born on birth counts
// as aged years under from.
func Reached(birth cal.Date, years int, from AgeFrom) cal.Month {
	m := cal.MonthOf(int(birth)/10000+years, int(birth)/100%100)
	if m != 0 && from == NextMonth {
		m++
	}
	return m
}

// ageAt returns the completed years of age counted in month m.
func ageAt(birth cal.Date, m cal.Month, from AgeFrom) int {
	bm := birth.Month()
	if bm == 0 {
		return -1
	}
	d := int(m) - int(bm)
	if from == NextMonth {
		d--
	}
	if d < 0 {
		return -1
	}
	return d / 12
}

// Eligible reports whether the person has reached the scheme's age in m.
func (r *Rules) Eligible(p *Person, m cal.Month) Status {
	s, ok := r.schemeOf(p)
	if !ok {
		return NoScheme
	}
	return r.eligible(s, p, m)
}

func (r *Rules) eligible(s *Scheme, p *Person, m cal.Month) Status {
	if s.MinAge == 0 {
		return OK
	}
	if p.Birth == 0 {
		return NoBirth
	}
	if m < Reached(p.Birth, s.MinAge, r.PensionFrom) {
		return UnderAge
	}
	return OK
}

// Amount returns the amount due to p for month m (for a quarterly scheme,
// the quarter ending in m), or why it cannot be computed. It allocates
// nothing: it is the fast path of payroll verification.
func (r *Rules) Amount(p *Person, m cal.Month, v Variant) (money.Fen, Status) {
	e, st := r.compute(p, m, v, false)
	return e.Total, st
}

// Explain returns the amount with its components and the formula in words.
func (r *Rules) Explain(p *Person, m cal.Month, v Variant) (Entitlement, Status) {
	return r.compute(p, m, v, true)
}

// Part is one component of an entitlement.
type Part struct {
	Item   string    // 基础养老金, 缴费年限加发, 高龄加发, 个人账户养老金, 养老补助金 …
	Amount money.Fen // rounded to the rule's unit
	Expr   string    // "215×2%×6"
	Rate   *Rate     // the value used (nil for the account pension's balance)
	Shares []Share   // funding split; nil when the rule file gives none
}

// Entitlement is the amount due for one month with its explanation.
type Entitlement struct {
	Total   money.Fen
	Parts   []Part
	Formula string // "215 + 215×2%×6 + 5 + 12,000÷139 = 332.13"
	Labels  string // "基础养老金 + 缴费年限加发 + 高龄加发 + 个人账户养老金"

	comp [4]int64 // pension components, each rounded: base, seniority, age, account
}

func (r *Rules) compute(p *Person, m cal.Month, v Variant, explain bool) (Entitlement, Status) {
	s, ok := r.schemeOf(p)
	if !ok {
		return Entitlement{}, NoScheme
	}
	if st := r.eligible(s, p, m); st != OK {
		return Entitlement{}, st
	}
	if !s.Pension {
		return r.flat(s, p, m, v, explain)
	}
	age := 0
	if p.Birth != 0 {
		age = ageAt(p.Birth, m, r.SupplementFrom)
	} else if len(s.age) > 0 {
		return Entitlement{}, NoBirth
	}
	base := rate(s.base, 0, m)
	div := rate(s.div, 0, m)
	if base == nil || div == nil {
		return Entitlement{}, NoRate
	}
	if v&PrevStandard != 0 {
		if base = s.previous(base); base == nil {
			return Entitlement{}, NoRate
		}
	}
	var extra int64
	sen := rate(s.sen, 0, m)
	if sen != nil && sen.Value > 0 {
		if p.Years < 0 {
			return Entitlement{}, NoYears
		}
		thr := int64(0)
		if t := rate(s.thr, 0, m); t != nil {
			thr = t.Value
		}
		if int64(p.Years) > thr {
			if p.Makeup < 0 {
				return Entitlement{}, NoMakeup
			}
			extra = max(0, int64(p.Years-p.Makeup)-thr)
		}
	}
	if !p.HasBalance {
		return Entitlement{}, NoBalance
	}
	var sup *Rate
	if v&NoSupplement == 0 {
		sup = rate(s.age, age, m)
	}
	divisor := div.Value
	den := 10000 * divisor
	b := base.Value
	var senBP int64
	if sen != nil {
		senBP = sen.Value
	}
	supV := int64(0)
	if sup != nil {
		supV = sup.Value
	}
	u := int64(r.Unit)
	parts := [4]int64{
		roundUnit(b*den, den, u),
		roundUnit(b*senBP*extra*divisor, den, u),
		roundUnit(supV*den, den, u),
		roundUnit(int64(p.Balance)*10000, den, u),
	}
	var total int64
	if r.Rounding == RoundComponent {
		total = parts[0] + parts[1] + parts[2] + parts[3]
	} else {
		total = roundUnit(b*den+b*senBP*extra*divisor+supV*den+int64(p.Balance)*10000, den, u)
	}
	e := Entitlement{Total: money.Fen(total), comp: parts}
	if !explain {
		return e, OK
	}
	add := func(item string, amt int64, expr string, rt *Rate) {
		var sh []Share
		if f, ok := s.Funding[item]; ok {
			sh = f.Shares
		}
		e.Parts = append(e.Parts, Part{Item: item, Amount: money.Fen(amt), Expr: expr, Rate: rt, Shares: sh})
	}
	add(ItemBase, parts[0], Yuan(money.Fen(b)), base)
	if extra > 0 {
		add(ItemSeniority, parts[1], fmt.Sprintf("%s×%s×%d", Yuan(money.Fen(b)), Percent(senBP), extra), sen)
	}
	if supV > 0 {
		add(ItemAge, parts[2], Yuan(money.Fen(supV)), sup)
	}
	add(ItemAccount, parts[3], fmt.Sprintf("%s÷%d", Yuan(p.Balance), divisor), div)
	e.finish(r)
	return e, OK
}

func (r *Rules) flat(s *Scheme, p *Person, m cal.Month, v Variant, explain bool) (Entitlement, Status) {
	months := []cal.Month{m}
	if s.Quarterly {
		if m.Num()%3 != 0 {
			return Entitlement{}, OffSchedule
		}
		months = []cal.Month{m - 2, m - 1, m}
	}
	age := 0
	if p.Birth != 0 {
		age = ageAt(p.Birth, m, r.SupplementFrom)
	}
	var e Entitlement
	for _, mm := range months {
		rt := rate(s.flat, max(age, 0), mm)
		if rt == nil {
			return Entitlement{}, NoRate
		}
		if v&PrevStandard != 0 {
			if rt = s.previous(rt); rt == nil {
				return Entitlement{}, NoRate
			}
		}
		amt := roundUnit(rt.Value, 1, int64(r.Unit))
		e.Total += money.Fen(amt)
		if explain {
			var sh []Share
			if f, ok := s.Funding[s.Item]; ok {
				sh = f.Shares
			}
			e.Parts = append(e.Parts, Part{Item: s.Item, Amount: money.Fen(amt), Expr: Yuan(money.Fen(rt.Value)), Rate: rt, Shares: sh})
		}
	}
	if explain {
		e.finish(r)
	}
	return e, OK
}

func (e *Entitlement) finish(r *Rules) {
	exprs := make([]string, len(e.Parts))
	labels := make([]string, len(e.Parts))
	for i, p := range e.Parts {
		exprs[i], labels[i] = p.Expr, p.Item
	}
	e.Formula = strings.Join(exprs, " + ") + " = " + e.Total.String()
	e.Labels = strings.Join(labels, " + ")
	if len(e.Parts) == 1 {
		return
	}
	if r.Rounding == RoundTotal {
		e.Labels += "，合计" + r.unitZH()
	} else {
		e.Labels += "，各项" + r.unitZH()
	}
}

func (r *Rules) unitZH() string {
	if r.Unit == 10 {
		return "四舍五入到角"
	}
	return "四舍五入到分"
}

// roundUnit returns num/den in fen rounded half away from zero to a
// multiple of unit fen.
func roundUnit(num, den, unit int64) int64 {
	return money.DivRound(num, den*unit) * unit
}

// Yuan formats an amount for a formula: no trailing zeros, thousands
// separated from 10,000 up ("215", "805.83", "12,000").
func Yuan(f money.Fen) string {
	s := f.String()
	if strings.HasSuffix(s, ".00") {
		s = s[:len(s)-3]
	} else if strings.HasSuffix(s, "0") && strings.Contains(s, ".") {
		s = s[:len(s)-1]
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	ip, fp, hasDot := strings.Cut(s, ".")
	if len(ip) > 4 {
		var b strings.Builder
		for i, c := range ip {
			if i > 0 && (len(ip)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(c)
		}
		ip = b.String()
	}
	if hasDot {
		ip += "." + fp
	}
	if neg {
		ip = "-" + ip
	}
	return ip
}

// Percent formats hundredths of a percent: 200 → "2%", 250 → "2.5%".
func Percent(bp int64) string {
	s := strconv.FormatInt(bp/100, 10)
	if f := bp % 100; f != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%02d", f), "0")
	}
	return s + "%"
}

// Component is one component's amount for the fund request.
type Component struct {
	Item   string
	Amount money.Fen // rounded to the rule's unit on its own
}

// MaxComponents bounds the components of one month (a quarter of a flat
// scheme is three).
const MaxComponents = 4

// Components returns the components of the amount due (each rounded on
// its own) and the total as Amount computes it; the difference between the
// two is rounding. It allocates nothing.
func (r *Rules) Components(p *Person, m cal.Month, dst *[MaxComponents]Component) (n int, total money.Fen, st Status) {
	s, ok := r.schemeOf(p)
	if !ok {
		return 0, 0, NoScheme
	}
	e, st := r.compute(p, m, Normal, false)
	if st != OK {
		return 0, 0, st
	}
	if !s.Pension {
		dst[0] = Component{s.Item, 0}
		for _, mm := range []cal.Month{m - 2, m - 1, m}[3-r.months(s):] {
			age := 0
			if p.Birth != 0 {
				age = max(ageAt(p.Birth, mm, r.SupplementFrom), 0)
			}
			if rt := rate(s.flat, age, mm); rt != nil {
				dst[0].Amount += money.Fen(roundUnit(rt.Value, 1, int64(r.Unit)))
			}
		}
		return 1, e.Total, OK
	}
	c := e.comp
	for i, it := range [4]string{ItemBase, ItemSeniority, ItemAge, ItemAccount} {
		if c[i] != 0 {
			dst[n] = Component{it, money.Fen(c[i])}
			n++
		}
	}
	return n, e.Total, OK
}

func (r *Rules) months(s *Scheme) int {
	if s.Quarterly {
		return 3
	}
	return 1
}
