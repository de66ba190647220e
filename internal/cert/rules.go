package cert

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"jixiao/internal/audit"
	"jixiao/internal/cal"
)

// Cycle is how a certification's validity is counted.
type Cycle uint8

// Cycles.
const (
	// Rolling (default, 粤人社规〔2023〕4号 and Jiangsu practice): certified
	// in month M → valid M+1 … M+ValidMonths.
	Rolling Cycle = iota
	// Birthday: the cycle year ends with the birthday month; a
	// certification in a cycle year keeps the payment through the end of
	// the next cycle year (the birthday month ValidMonths later).
	Birthday
)

// Rules are the settings of the certification cycle.
type Rules struct {
	Cycle       Cycle
	ValidMonths int // 12
	// DueAhead: a person enters the due list (即将到期) this many months
	// before the first month the payment would be suspended (default 2:
	// the last two valid months).
	DueAhead int
	// NoBackPayAfterRefusal: a suspension that followed a refusal is not
	// back-paid when the person is certified again (some provinces).
	NoBackPayAfterRefusal bool
	// FirstCycle: 0 (default) means a recipient's first cycle starts at
	// their 待遇开始年月 (as if certified the month before); a month means
	// everyone's first cycle starts there (or at their 待遇开始年月 if later).
	FirstCycle cal.Month
	// EventsFrom is not a setting but a fact of the data: the month the
	// certification events begin (the caller sets it, e.g. to the month of
	// the earliest event read). Nobody's history before it is known, so no
	// first cycle starts before it: a recipient paid since earlier counts
	// as certified the month before EventsFrom. 0 = unknown.
	EventsFrom cal.Month
}

// DefaultRules are the national default: a rolling 12-month cycle, due
// list two months ahead, 补发 after any suspension, first cycle from the
// benefit start.
func DefaultRules() Rules { return Rules{Cycle: Rolling, ValidMonths: 12, DueAhead: 2} }

// RulesError is a bad line of a rules file.
type RulesError struct {
	File string
	Line int
	Msg  string
}

func (e *RulesError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// rule keys, Chinese and English.
var ruleKeys = map[string]string{
	"周期": "cycle", "认证周期": "cycle", "cycle": "cycle",
	"有效月数": "valid_months", "周期月数": "valid_months", "valid_months": "valid_months",
	"提前提醒月数": "due_ahead", "提前月数": "due_ahead", "到期提醒月数": "due_ahead", "due_ahead": "due_ahead",
	"拒绝认证不补发": "no_backpay_after_refusal", "no_backpay_after_refusal": "no_backpay_after_refusal",
	"首次周期起点": "first_cycle", "首次周期": "first_cycle", "first_cycle": "first_cycle",
}

// ParseRules reads a rules file: one `key = value` (or `key：value`) a
// line, `#` starts a comment. Keys (Chinese or English):
//
//	周期 / cycle                       滚动 (rolling, default) | 生日月 (birthday)
//	有效月数 / valid_months             1–60, default 12
//	提前提醒月数 / due_ahead             0–12, default 2
//	拒绝认证不补发 / no_backpay_after_refusal   是/否, yes/no, true/false (default 否)
//	首次周期起点 / first_cycle          待遇开始年月 (start, default) | YYYY-MM
//
// Unset keys keep DefaultRules. An error names the file and line.
func ParseRules(name string, r io.Reader) (Rules, error) {
	ru := DefaultRules()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	seen := map[string]int{}
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if line == 1 {
			s = strings.TrimPrefix(s, "\ufeff")
		}
		if i := strings.IndexByte(s, '#'); i >= 0 {
			s = s[:i]
		}
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		k, v, ok := cutAny(s, "=", "：", ":", "＝")
		fail := func(format string, a ...any) error {
			return &RulesError{name, line, fmt.Sprintf(format, a...)}
		}
		if !ok {
			return ru, fail("应为「设置 = 值」(expected key = value): %q", s)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		key, known := ruleKeys[strings.ToLower(k)]
		if !known {
			return ru, fail("未知设置 (unknown setting) %q；可用：周期、有效月数、提前提醒月数、拒绝认证不补发、首次周期起点", k)
		}
		if prev, dup := seen[key]; dup {
			return ru, fail("设置 %q 重复，已在第%d行 (set twice, first on line %d)", k, prev, prev)
		}
		seen[key] = line
		switch key {
		case "cycle":
			switch strings.ToLower(v) {
			case "滚动", "滚动周期", "按认证月", "rolling":
				ru.Cycle = Rolling
			case "生日月", "出生月", "按生日月", "按出生月份", "birthday":
				ru.Cycle = Birthday
			default:
				return ru, fail("周期 %q 无效，应为 滚动 或 生日月 (cycle must be rolling or birthday)", v)
			}
		case "valid_months", "due_ahead":
			n, err := strconv.Atoi(v)
			lo, hi := 1, 60
			if key == "due_ahead" {
				lo, hi = 0, 12
			}
			if err != nil || n < lo || n > hi {
				return ru, fail("%s %q 应为 %d–%d 的整数 (must be an integer %d–%d)", k, v, lo, hi, lo, hi)
			}
			if key == "due_ahead" {
				ru.DueAhead = n
			} else {
				ru.ValidMonths = n
			}
		case "no_backpay_after_refusal":
			switch strings.ToLower(v) {
			case "是", "yes", "true", "1", "不补发":
				ru.NoBackPayAfterRefusal = true
			case "否", "no", "false", "0", "补发":
				ru.NoBackPayAfterRefusal = false
			default:
				return ru, fail("%s %q 应为 是 或 否 (must be yes or no)", k, v)
			}
		case "first_cycle":
			switch strings.ToLower(v) {
			case "待遇开始年月", "start", "benefit_start":
				ru.FirstCycle = 0
			default:
				m, ok := cal.ParseMonth(v)
				if !ok {
					return ru, fail("%s %q 应为 待遇开始年月 或 YYYY-MM (must be start or a month)", k, v)
				}
				ru.FirstCycle = m
			}
		}
	}
	if err := sc.Err(); err != nil {
		return ru, &RulesError{name, line + 1, "无法读取 (cannot read): " + err.Error()}
	}
	if ru.DueAhead > ru.ValidMonths {
		return ru, &RulesError{name, seen["due_ahead"], "提前提醒月数不能大于有效月数 (due_ahead exceeds valid_months)"}
	}
	return ru, nil
}

func cutAny(s string, seps ...string) (string, string, bool) {
	best := -1
	sep := ""
	for _, p := range seps {
		if i := strings.Index(s, p); i >= 0 && (best < 0 || i < best) {
			best, sep = i, p
		}
	}
	if best < 0 {
		return "", "", false
	}
	return s[:best], s[best+len(sep):], true
}

// Words states the rules in words, Chinese and English, one sentence a
// line: for the head of every status list.
func (ru *Rules) Words() audit.Reason {
	var zh, en []string
	n := ru.ValidMonths
	if ru.Cycle == Birthday {
		zh = append(zh, fmt.Sprintf("按生日月认证：认证周期年以出生月份为止，在一个周期年内认证，待遇发放至%d个月后的出生月份；", n))
		en = append(en, fmt.Sprintf("Birthday cycle: a cycle year ends with the birthday month; a certification in a cycle year keeps the payment through the birthday month %d months later;", n))
	} else {
		zh = append(zh, fmt.Sprintf("滚动周期：第M月认证，有效期为M+1至M+%d月；", n))
		en = append(en, fmt.Sprintf("Rolling cycle: certified in month M → valid M+1 … M+%d;", n))
	}
	zh = append(zh, "有效期满仍未认证的，自有效期满次月起暂停发放（应暂停；名册已标暂停的为已暂停）；",
		fmt.Sprintf("有效期最后%d个月列入即将到期名单；", ru.DueAhead),
		"暂停后于第N月重新认证的，自N+1月起恢复发放，并补发暂停期间（有效期满次月至N月）的待遇；")
	en = append(en, "not certified when the validity ends → suspended from the next month (should suspend; suspended when the roll already says so);",
		fmt.Sprintf("the last %d valid months put a person on the due list;", ru.DueAhead),
		"certified again in month N after a suspension → payment resumes from N+1 with back-pay of the suspended months (validity end + 1 … N);")
	if ru.NoBackPayAfterRefusal {
		zh = append(zh, "因拒绝认证（认证不通过）而暂停的，重新认证后不补发暂停期间待遇；")
		en = append(en, "a suspension that followed a refusal is not back-paid;")
	} else {
		zh = append(zh, "拒绝认证（认证不通过）的，自次月起暂停，重新认证后照常补发；")
		en = append(en, "a refusal suspends from the next month; it is back-paid like any suspension;")
	}
	if ru.FirstCycle != 0 {
		zh = append(zh, fmt.Sprintf("首次认证周期自%s起算（待遇开始年月更晚的，自待遇开始年月起算）；", ru.FirstCycle))
		en = append(en, fmt.Sprintf("the first cycle starts in %s (or at the benefit start if later);", ru.FirstCycle))
	} else {
		zh = append(zh, "首次认证周期自待遇开始年月起算；")
		en = append(en, "the first cycle starts at the benefit start month;")
	}
	zh = append(zh, "死亡的，自死亡次月起终止，死亡后已发放的为多发待遇（追回）；死亡日期之后的认证须人工核实，不自动处理。")
	en = append(en, "a death terminates from the month after death; months paid after death are overpaid (recovery); a certification dated after a recorded death is a review finding, never automatic.")
	return audit.Reason{ZH: strings.Join(zh, "\n"), EN: strings.Join(en, "\n")}
}
