package validate

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"jixiao/internal/cal"
	"jixiao/internal/money"
)

// Limits of a project's own fields and of a funds record.
const (
	MinYear, MaxYear = 2000, 2100 // a project's year
	MaxNote          = 500        // a funds record's note (备注)
)

// MaxAmount bounds a budget and a funds record (one trillion yuan).
const MaxAmount = money.Fen(1_000_000_000_000_00)

// The refusals of the project form and of a funds record.
var (
	ProjectNameRequired = Message{"请填写项目名称。", "Enter the project's name."}
	ProjectNameTooLong  = Message{fmt.Sprintf("项目名称过长（最多 %d 字）。", MaxField), fmt.Sprintf("Project name too long (at most %d characters).", MaxField)}
	YearRange           = Message{fmt.Sprintf("年度应为 %d–%d 之间的四位数。", MinYear, MaxYear), fmt.Sprintf("Year must be a four-digit number from %d to %d.", MinYear, MaxYear)}
	MonthBad            = Message{"月份格式为 2024-01。", "Months read like 2024-01."}
	PeriodOrder         = Message{"结束月份早于开始月份。", "The end month is before the start month."}
	TooLongProjectText  = Message{fmt.Sprintf("内容过长（最多 %d 字）。", MaxProjectText), fmt.Sprintf("Too long (at most %d characters).", MaxProjectText)}
	BudgetBad           = Message{"金额应为不小于 0 的元数（最多两位小数）或万元，如 50,000.00、5万。", "Enter an amount of at least 0 in yuan (at most two decimals) or in 万 (ten thousands), e.g. 50,000.00, 5万."}
	MoneyDateBad        = Message{"日期格式为 2024-06-30。", "Dates read like 2024-06-30."}
	MoneyDateYear       = Message{"日期不在项目年度前后。", "The date is not near the project's year."}
	AmountBad           = Message{"金额应为元数（最多两位小数）或万元，如 12,500.00、3万、3.5万元。", "Enter the amount in yuan (at most two decimals) or in 万 (ten thousands), e.g. 12,500.00, 3万, 3.5万元."}
	AmountZero          = Message{"金额不能为 0。", "The amount cannot be 0."}
	AmountRange         = Message{"金额超出范围。", "Amount out of range."}
	SourceBad           = Message{"请选择资金来源。", "Choose the funding source."}
	TooLongNote         = Message{fmt.Sprintf("备注过长（最多 %d 字）。", MaxNote), fmt.Sprintf("Note too long (at most %d characters).", MaxNote)}
)

func projectMessages() []Message {
	return []Message{ProjectNameRequired, ProjectNameTooLong, YearRange, MonthBad, PeriodOrder, TooLongProjectText, BudgetBad,
		MoneyDateBad, MoneyDateYear, AmountBad, AmountZero, AmountRange, SourceBad, TooLongNote}
}

// ProjectInput is a project's header as typed: name, year, period, the
// 立项依据 / 性质 / 范围 texts and the budget by source (上级, 本级, 其他).
type ProjectInput struct {
	Name, Year, Start, End, Basis, Nature, Scope string
	Budget                                       [3]string
}

// ProjectValues is a checked ProjectInput.
type ProjectValues struct {
	Name                 string
	Year                 int
	Start, End           cal.Month // 0 when not given
	Basis, Nature, Scope string
	Budget               [3]money.Fen
}

// Project checks a project's header. Problems name the fields name, year,
// start, end, basis, nature, scope and budget0–budget2 (Row is -1).
func Project(in ProjectInput) (ProjectValues, []Problem) {
	var v ProjectValues
	var out []Problem
	bad := func(field string, m Message) { out = append(out, Problem{Row: -1, Field: field, Msg: m}) }
	v.Name = in.Name
	if in.Name == "" {
		bad("name", ProjectNameRequired)
	} else if utf8.RuneCountInString(in.Name) > MaxField {
		bad("name", ProjectNameTooLong)
	}
	y, err := strconv.Atoi(in.Year)
	if err != nil || y < MinYear || y > MaxYear {
		bad("year", YearRange)
	}
	v.Year = y
	month := func(field, s string) cal.Month {
		m, ok := cal.ParseMonth(s)
		if s != "" && !ok {
			bad(field, MonthBad)
		}
		return m
	}
	v.Start, v.End = month("start", in.Start), month("end", in.End)
	if v.Start != 0 && v.End != 0 && v.End < v.Start {
		bad("end", PeriodOrder)
	}
	v.Basis, v.Nature, v.Scope = in.Basis, in.Nature, in.Scope
	for _, t := range [...]struct{ field, s string }{{"basis", in.Basis}, {"nature", in.Nature}, {"scope", in.Scope}} {
		if utf8.RuneCountInString(t.s) > MaxProjectText {
			bad(t.field, TooLongProjectText)
		}
	}
	for i, s := range in.Budget {
		if s == "" {
			continue
		}
		b, err := money.ParseInput(s)
		if err != nil || b < 0 || b > MaxAmount {
			bad("budget"+strconv.Itoa(i), BudgetBad)
		}
		v.Budget[i] = b
	}
	return v, out
}

// MoneyInput is a funds record (到位 or 支出) as typed; its kind is a
// choice of the form, not typed text.
type MoneyInput struct {
	Date, Amount, Source, Note string
}

// MoneyValues is a checked MoneyInput.
type MoneyValues struct {
	Date   cal.Date
	Amount money.Fen
	Source int // 0 上级, 1 本级, 2 其他
	Note   string
}

// Money checks a funds record of a project of the given year: a date
// within a year of it, a non-zero amount, a source, a note within MaxNote.
// Problems name the fields date, amount, source and note.
func Money(in MoneyInput, projectYear int) (MoneyValues, []Problem) {
	var v MoneyValues
	var out []Problem
	bad := func(field string, m Message) { out = append(out, Problem{Row: -1, Field: field, Msg: m}) }
	d, ok := cal.ParseDate(in.Date)
	switch {
	case !ok:
		bad("date", MoneyDateBad)
	case d.Month().Year() < projectYear-1 || d.Month().Year() > projectYear+1:
		bad("date", MoneyDateYear)
	}
	v.Date = d
	amt, m, ok := Amount(in.Amount)
	if !ok {
		bad("amount", m)
	}
	v.Amount = amt
	src, err := strconv.Atoi(in.Source)
	if err != nil || src < 0 || src > 2 {
		bad("source", SourceBad)
	}
	v.Source = src
	v.Note = in.Note
	if utf8.RuneCountInString(in.Note) > MaxNote {
		bad("note", TooLongNote)
	}
	return v, out
}

// Amount reads a funds record's amount as typed (yuan, or 万): not zero,
// within MaxAmount either way. The form's on-entry check asks it too.
func Amount(typed string) (money.Fen, Message, bool) {
	amt, err := money.ParseInput(typed)
	switch {
	case err != nil:
		return 0, AmountBad, false
	case amt == 0:
		return 0, AmountZero, false
	case amt > MaxAmount || amt < -MaxAmount:
		return 0, AmountRange, false
	}
	return amt, Message{}, true
}
