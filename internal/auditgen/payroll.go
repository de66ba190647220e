package auditgen

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"jixiao/internal/audit"
	"jixiao/internal/benefit"
	"jixiao/internal/cal"
	"jixiao/internal/money"
)

// PayConfig asks for a year of 发放明细 (payroll detail) beside the roll,
// with errors injected and the truth written beside it.
type PayConfig struct {
	Year   int // default: the year before Config.AsOf
	Errors int // people per error kind (default 20)
	Shared int // bank accounts shared by three recipients (default 5)
	Months int // months written from January (default 12)
}

// Truth kinds beyond payroll.Kind.
const (
	TruthUnverifiable  = "unverifiable"
	TruthSharedAccount = "shared_account"
)

// payFault is one person's injected payroll error.
type payFault struct {
	kind  string // payroll.Kind.String(), or a Truth* kind
	month cal.Month
	delta money.Fen
	group int // shared account group
}

type payState struct {
	cfg    PayConfig
	rules  *benefit.Rules
	faults map[int]payFault
}

// EnablePayroll injects payroll errors: it must be called before WriteDir
// (the roll carries some of them: a 待遇开始年月 moved, a 终止 status) and
// WritePayroll. It returns the normalised configuration.
func (g *Gen) EnablePayroll(pc PayConfig) PayConfig {
	if pc.Year == 0 {
		pc.Year = g.cfg.AsOf.Year() - 1
	}
	if pc.Months <= 0 || pc.Months > 12 {
		pc.Months = 12
	}
	if pc.Errors <= 0 {
		pc.Errors = 20
	}
	if pc.Shared < 0 {
		pc.Shared = 0
	} else if pc.Shared == 0 {
		pc.Shared = 5
	}
	rules, _ := benefit.Builtin("rugao")
	st := &payState{cfg: pc, rules: rules, faults: map[int]payFault{}}
	r := rand.New(rand.NewPCG(g.cfg.Seed, 40))
	kinds := []string{"overpaid", "underpaid", "raise_missed", "age_missed", "under_age", "before_start", "after_stop",
		"duplicate", TruthUnverifiable}
	want := map[string]int{}
	for _, k := range kinds {
		want[k] = pc.Errors
	}
	want[TruthSharedAccount] = 3 * pc.Shared
	kinds = append(kinds, TruthSharedAccount)
	left := len(kinds)*pc.Errors - pc.Errors + 3*pc.Shared
	for _, i := range r.Perm(g.cfg.Recipients) {
		if left == 0 {
			break
		}
		if _, ok := g.deathOf[i]; ok {
			continue
		}
		if _, ok := g.dupOf[i]; ok {
			continue
		}
		rec := g.Recipient(i)
		if rec.Status != "正常" {
			continue
		}
		off := r.IntN(len(kinds))
		for j := range kinds {
			k := kinds[(off+j)%len(kinds)]
			if want[k] == 0 {
				continue
			}
			if f, ok := st.fault(k, &rec, g.payPerson(i, &rec), r); ok {
				if k == TruthSharedAccount {
					f.group = (3*pc.Shared - want[k]) / 3
				}
				st.faults[i] = f
				want[k]--
				left--
				break
			}
		}
	}
	g.pay = st
	return pc
}

// fault returns a fault of kind k for a recipient, if the recipient suits it.
func (st *payState) fault(k string, rec *audit.Recipient, bp benefit.Person, r *rand.Rand) (payFault, bool) {
	rules := st.rules
	jan, dec := cal.MonthOf(st.cfg.Year, 1), cal.MonthOf(st.cfg.Year, 12)
	fullYear := rec.Start <= jan && rules.Eligible(&bp, jan) == benefit.OK
	pension := rec.Scheme == "居保"
	f := payFault{kind: k}
	switch k {
	case "overpaid", "underpaid", "duplicate", TruthSharedAccount:
		if !fullYear {
			return f, false
		}
		f.month = jan + cal.Month(r.IntN(12))
		f.delta = money.Fen(1 + r.IntN(3000))
		if k == "underpaid" && !st.plainUnder(&bp, f) {
			return f, false
		}
	case "raise_missed", "age_missed":
		if !fullYear || !pension {
			return f, false
		}
		f.month = jan + cal.Month(r.IntN(12)) // missed through (raise) or from (age) this month
		for m := jan; m <= dec; m++ {
			if !st.distinct(&bp, m) {
				return f, false
			}
		}
	case "under_age":
		s := rules.Schemes[rec.Scheme]
		if s == nil || s.MinAge == 0 {
			return f, false
		}
		at := benefit.Reached(bp.Birth, s.MinAge, rules.PensionFrom)
		if at <= jan || at > dec {
			return f, false
		}
		f.month = at
	case "before_start":
		if !fullYear {
			return f, false
		}
		f.month = jan + 2 + cal.Month(r.IntN(10)) // the new 待遇开始年月
	case "after_stop":
		if !fullYear {
			return f, false
		}
		f.month = jan + cal.Month(r.IntN(11)) // the last month due
	case TruthUnverifiable:
		if !fullYear || !pension {
			return f, false
		}
	}
	return f, true
}

// plainUnder reports whether an underpayment by f.delta matches none of
// the mistakes the checker names (so the truth is unambiguous).
func (st *payState) plainUnder(bp *benefit.Person, f payFault) bool {
	due, s := st.rules.Amount(bp, f.month, benefit.Normal)
	if s != benefit.OK || due <= f.delta {
		return false
	}
	for _, v := range []benefit.Variant{benefit.PrevStandard, benefit.NoSupplement, benefit.PrevStandard | benefit.NoSupplement} {
		if a, s := st.rules.Amount(bp, f.month, v); s == benefit.OK && a == due-f.delta {
			return false
		}
	}
	return true
}

// distinct reports whether the raise and the supplement differ in m (so
// a payment missing one cannot be read as missing the other) and both
// exist.
func (st *payState) distinct(bp *benefit.Person, m cal.Month) bool {
	due, _ := st.rules.Amount(bp, m, benefit.Normal)
	prev, s1 := st.rules.Amount(bp, m, benefit.PrevStandard)
	nosup, s2 := st.rules.Amount(bp, m, benefit.NoSupplement)
	both, _ := st.rules.Amount(bp, m, benefit.PrevStandard|benefit.NoSupplement)
	return s1 == benefit.OK && s2 == benefit.OK && prev != nosup && prev < due && nosup < due && both != prev && both != nosup
}

// adjustRoll writes the roll side of a fault.
func (st *payState) adjustRoll(i int, rec *audit.Recipient) {
	f, ok := st.faults[i]
	if !ok {
		return
	}
	switch f.kind {
	case "under_age":
		rec.Start = cal.MonthOf(st.cfg.Year, 1)
	case "before_start":
		rec.Start = f.month
	case "after_stop":
		rec.Status = audit.StatusTerminated
		rec.PaidThrough = f.month
	}
}

// payAttrs returns a recipient's 缴费年限, 补缴年限, 个人账户储存额 and account.
func (g *Gen) payAttrs(i int) (years, makeup int, balance money.Fen, account string) {
	r := g.rng(41, i)
	years = 15 + r.IntN(26)
	makeup = 0
	if r.IntN(3) == 0 {
		makeup = r.IntN(min(years, 10))
	}
	balance = money.Fen(r.IntN(4_000_000))
	account = fmt.Sprintf("6228%015d", uint64(i)*7919+g.cfg.Seed%1000)
	return
}

func (g *Gen) payPerson(i int, rec *audit.Recipient) benefit.Person {
	years, makeup, balance, _ := g.payAttrs(i)
	return benefit.Person{Scheme: rec.Scheme, Birth: rec.Birth, Start: rec.Start, Years: years, Makeup: makeup,
		Balance: balance, HasBalance: true}
}

// TruePayment is one injected payroll error (or review item) of one
// person, with the amounts the checker must find.
type TruePayment struct {
	ID, Name, Kind string
	Months         []cal.Month
	Expected, Paid money.Fen
	Rows           int
	Account        string
}

// PayFiles names what WritePayroll wrote.
type PayFiles struct{ Payroll, Rules, Truth, Returns, TruthReturns string }

// PayStats counts what WritePayroll wrote.
type PayStats struct {
	Rows, People int
	Truth        int
	// Returns: rows of the last month's bank return, and how many failed.
	Returns, ReturnsFailed int
}

type payPerson struct {
	i                   int
	id, name, town, sch string
	bp                  benefit.Person
	rec                 audit.Recipient
	account             string
}

// WritePayroll writes payroll.csv (a year of 发放明细, month by month),
// payroll.rules (the rule file used) and truth_payroll.csv. EnablePayroll
// must have been called (before WriteDir, so the roll carries the faults).
func (g *Gen) WritePayroll(dir string) (PayFiles, PayStats, error) {
	st := g.pay
	if st == nil {
		return PayFiles{}, PayStats{}, fmt.Errorf("auditgen: EnablePayroll was not called")
	}
	fs := PayFiles{Payroll: filepath.Join(dir, "payroll.csv"), Rules: filepath.Join(dir, "payroll.rules"),
		Truth: filepath.Join(dir, "truth_payroll.csv"), Returns: filepath.Join(dir, "returns.csv"),
		TruthReturns: filepath.Join(dir, "truth_returns.csv")}
	var ps PayStats
	if err := os.WriteFile(fs.Rules, benefit.RugaoFile(), 0o644); err != nil {
		return fs, ps, err
	}
	person := func(i int) payPerson {
		rec := g.Recipient(i)
		_, _, _, acct := g.payAttrs(i)
		return payPerson{i: i, id: rec.ID, name: rec.Name, town: rec.Town, sch: rec.Scheme, bp: g.payPerson(i, &rec), rec: rec, account: acct}
	}
	// shared accounts: every member of a group is paid into the first one's
	shared := map[int]string{}
	for i, f := range st.faults {
		if f.kind == TruthSharedAccount {
			_, _, _, acct := g.payAttrs(i)
			if a, ok := shared[f.group]; !ok || acct < a {
				shared[f.group] = acct
			}
		}
	}
	truth := map[int]*TruePayment{}
	note := func(p *payPerson, kind string, m cal.Month, expected, paid money.Fen) {
		t := truth[p.i]
		if t == nil {
			t = &TruePayment{ID: p.id, Name: p.name, Kind: kind}
			truth[p.i] = t
		}
		if len(t.Months) == 0 || t.Months[len(t.Months)-1] != m {
			t.Months = append(t.Months, m)
		}
		t.Expected += expected
		t.Paid += paid
		t.Rows++
	}
	header := "身份证号,姓名,镇（街道）,险种,发放年月,实发金额,银行账号,缴费年限,补缴年限,个人账户储存额"
	err := writeCSV(fs.Payroll, header, func(w *bufio.Writer) {
		paidPeople := make([]bool, g.cfg.Recipients)
		for mi := 1; mi <= st.cfg.Months; mi++ {
			m := cal.MonthOf(st.cfg.Year, mi)
			var dups []func()
			for i := 0; i < g.cfg.Recipients; i++ {
				pp := person(i)
				p := &pp
				f, faulty := st.faults[p.i]
				amount, due, ok := st.monthPay(p, f, faulty, m)
				if !ok {
					continue
				}
				acct := p.account
				if faulty && f.kind == TruthSharedAccount {
					acct = shared[f.group]
				}
				years, makeup := strconv.Itoa(p.bp.Years), strconv.Itoa(p.bp.Makeup)
				if p.sch != "居保" {
					years, makeup = "", ""
				}
				if faulty && f.kind == TruthUnverifiable {
					years = ""
					note(p, f.kind, m, 0, amount)
				}
				bal := ""
				if p.sch == "居保" {
					bal = p.bp.Balance.String()
				}
				row := func() {
					line(w, p.id, p.name, p.town, p.sch, m.String(), amount.String(), acct, years, makeup, bal)
					ps.Rows++
					g.tick()
				}
				row()
				paidPeople[p.i] = true
				if faulty {
					switch f.kind {
					case "duplicate":
						if m == f.month {
							dups = append(dups, row)
							note(p, f.kind, m, 0, amount)
						}
					case "overpaid", "underpaid", "raise_missed", "age_missed", "under_age", "before_start", "after_stop":
						if amount != due {
							note(p, f.kind, m, due, amount)
						}
					}
				}
			}
			for _, d := range dups { // the second payments come at the month's end
				d()
			}
		}
		for _, b := range paidPeople {
			if b {
				ps.People++
			}
		}
	})
	if err != nil {
		return fs, ps, err
	}
	for i, f := range st.faults {
		if f.kind == TruthSharedAccount {
			p := person(i)
			truth[i] = &TruePayment{ID: p.id, Name: p.name, Kind: f.kind, Account: shared[f.group]}
		}
	}
	if err := g.writeReturns(fs, &ps, person); err != nil {
		return fs, ps, err
	}
	err = writeCSV(fs.Truth, "id_number,name,kind,months,expected,paid,difference,rows,account", func(w *bufio.Writer) {
		for _, t := range g.TruePayments(truth) {
			var ms []string
			for _, m := range t.Months {
				ms = append(ms, m.String())
			}
			line(w, t.ID, t.Name, t.Kind, strings.Join(ms, ";"), t.Expected.String(), t.Paid.String(), (t.Paid - t.Expected).String(), strconv.Itoa(t.Rows), t.Account)
			ps.Truth++
		}
	})
	return fs, ps, err
}

// bankReasons are failures as banks word them.
var bankReasons = []string{"账户已销户", "账户冻结", "户名不符", "账号不存在", "账户状态异常"}

// writeReturns writes the bank return (回盘) of the last month written:
// one row per payment, about 0.3% failed with a reason, and the truth.
func (g *Gen) writeReturns(fs PayFiles, ps *PayStats, person func(int) payPerson) error {
	st := g.pay
	m := cal.MonthOf(st.cfg.Year, st.cfg.Months)
	type fail struct{ id, name, reason string }
	var fails []fail
	err := writeCSV(fs.Returns, "身份证号,姓名,发放年月,实发金额,银行账号,回盘结果,失败原因", func(w *bufio.Writer) {
		for i := 0; i < g.cfg.Recipients; i++ {
			p := person(i)
			f, faulty := st.faults[i]
			amount, _, ok := st.monthPay(&p, f, faulty, m)
			if !ok {
				continue
			}
			r := g.rng(42, i)
			result, reason := "成功", ""
			if r.IntN(1000) < 3 {
				result, reason = "失败", bankReasons[r.IntN(len(bankReasons))]
				fails = append(fails, fail{p.id, p.name, reason})
				ps.ReturnsFailed++
			}
			line(w, p.id, p.name, m.String(), amount.String(), p.account, result, reason)
			ps.Returns++
		}
	})
	if err != nil {
		return err
	}
	return writeCSV(fs.TruthReturns, "id_number,name,month,reason", func(w *bufio.Writer) {
		for _, f := range fails {
			line(w, f.id, f.name, m.String(), f.reason)
		}
	})
}

// TruePayments orders the truth by roll index.
func (g *Gen) TruePayments(truth map[int]*TruePayment) []TruePayment {
	out := make([]TruePayment, 0, len(truth))
	for i := 0; i < g.cfg.Recipients; i++ {
		if t, ok := truth[i]; ok {
			out = append(out, *t)
		}
	}
	return out
}

// monthPay returns what is paid to p in m and what is due, or ok=false
// when nothing is paid.
func (st *payState) monthPay(p *payPerson, f payFault, faulty bool, m cal.Month) (paid, due money.Fen, ok bool) {
	rules := st.rules
	eligible := rules.Eligible(&p.bp, m) == benefit.OK
	started := p.rec.Start != 0 && m >= p.rec.Start
	stopped := p.rec.Status == audit.StatusTerminated && m > p.rec.PaidThrough
	due, s := rules.Amount(&p.bp, m, benefit.Normal)
	if s != benefit.OK {
		due = 0
	}
	if !faulty {
		if !eligible || !started || stopped || s != benefit.OK {
			return 0, 0, false
		}
		return due, due, true
	}
	switch f.kind {
	case "under_age":
		if !eligible { // paid from January at the amount of the first month due
			a, _ := rules.Amount(&p.bp, f.month, benefit.Normal)
			return a, 0, true
		}
		return due, due, true
	case "before_start":
		if !started {
			a, _ := rules.Amount(&p.bp, m, benefit.Normal)
			return a, 0, true
		}
	case "after_stop":
		if stopped {
			a, _ := rules.Amount(&p.bp, m, benefit.Normal)
			return a, 0, true
		}
	}
	if !eligible || !started || stopped || s != benefit.OK {
		return 0, 0, false
	}
	switch f.kind {
	case "overpaid":
		if m >= f.month {
			return due + f.delta, due, true
		}
	case "underpaid":
		if m == f.month {
			return due - f.delta, due, true
		}
	case "raise_missed":
		if m <= f.month {
			a, _ := rules.Amount(&p.bp, m, benefit.PrevStandard)
			return a, due, true
		}
	case "age_missed":
		if m >= f.month {
			a, _ := rules.Amount(&p.bp, m, benefit.NoSupplement)
			return a, due, true
		}
	}
	return due, due, true
}
