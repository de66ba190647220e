// Package validate is the one place where user input to a project's sheet
// is limited: the web forms (targets, self-evaluation, monitoring,
// review), the upload of a filled-in form and the command line reject the
// same things with the same words.
//
// Each limit is a named constant; each refusal is a Message with its
// Chinese and English text (internal/locale registers the English, so a
// page shows the same words in either language).
package validate

import (
	"fmt"
	"unicode/utf8"

	"jixiao/internal/eval"
)

// Limits, in characters (runes) or points.
const (
	MaxField   = 200   // an indicator's names, target, actual value, progress
	MaxText    = 2000  // a basis (评分依据), a deviation reason, a review note, a comment
	MaxSection = 20000 // one narrative section
	MaxRows    = 200   // indicator rows of one sheet (the targets form, an upload)
	// MaxProjectText is the project form's 立项依据, 性质 and 范围.
	MaxProjectText = 5000
)

// MaxWeight is the largest weight of one indicator.
var MaxWeight = eval.P(100)

// Message is a refusal in Chinese and English.
type Message struct{ ZH, EN string }

func (m Message) String() string { return m.ZH }

// The refusals. The English is the web's catalogue entry for the Chinese
// (internal/locale registers them from here).
var (
	Required        = Message{"必填", "Required"}
	TooLongField    = Message{fmt.Sprintf("过长（最多 %d 字）", MaxField), fmt.Sprintf("Too long (at most %d characters)", MaxField)}
	TooLongText     = Message{fmt.Sprintf("过长（最多 %d 字）", MaxText), fmt.Sprintf("Too long (at most %d characters)", MaxText)}
	ScoreNotNumber  = Message{"得分应为数字", "Score must be a number"}
	WeightRange     = Message{"权重应为 0–100 的数", "Weight must be a number from 0 to 100"}
	ScoreRange      = Message{"得分应在 0 与权重之间", "Score must lie between 0 and the weight"}
	DeductionBasis  = Message{"扣分须填写评分依据", "A deduction needs a basis"}
	ReviewNote      = Message{"调整得分须写明复核意见", "A changed score needs a review comment"}
	TargetRequired  = Message{"请填写年初指标值", "Enter the target"}
	DirectionBad    = Message{"方向无效", "Invalid direction"}
	TooManyRows     = Message{fmt.Sprintf("指标超过 %d 行", MaxRows), fmt.Sprintf("More than %d indicator rows", MaxRows)}
	NoRows          = Message{"没有指标", "No indicators"}
	NamesRequired   = Message{"缺少一级或三级指标名称", "The 一级 or 三级 indicator name is missing"}
	DateBad         = Message{"日期应为 2024-06-30 的形式", "The date must look like 2024-06-30"}
	CommentRequired = Message{"退回须填写意见。", "A return needs a comment."}
	// LibraryWeight refuses an indicator added from the library without a
	// weight: a 0-weight row scores nothing and only fails at declaration.
	LibraryWeight = Message{"从指标库添加的指标须填写大于 0 的权重", "An indicator added from the library needs a weight above 0"}
)

// Messages lists every refusal, for the locale catalogue.
func Messages() []Message {
	return append([]Message{Required, TooLongField, TooLongText, ScoreNotNumber, WeightRange, ScoreRange, DeductionBasis,
		ReviewNote, TargetRequired, DirectionBad, TooManyRows, NoRows, NamesRequired, DateBad, CommentRequired, LibraryWeight}, projectMessages()...)
}

// Problem is one refused field of one row (Row is -1 for the sheet).
type Problem struct {
	Row   int
	Field string // actual, basis, score, weight, l1, l3, target, dir, review, note, progress, reason
	Msg   Message
}

// Field checks a short field's length.
func Field(s string) (Message, bool) {
	if utf8.RuneCountInString(s) > MaxField {
		return TooLongField, false
	}
	return Message{}, true
}

// Text checks a long text's length (basis, reason, note, comment).
func Text(s string) (Message, bool) {
	if utf8.RuneCountInString(s) > MaxText {
		return TooLongText, false
	}
	return Message{}, true
}

// Section cuts a narrative section to MaxSection characters.
func Section(s string) string {
	if utf8.RuneCountInString(s) > MaxSection {
		return string([]rune(s)[:MaxSection])
	}
	return s
}

// Weight checks an indicator's weight.
func Weight(w eval.Points) (Message, bool) {
	if w < 0 || w > MaxWeight {
		return WeightRange, false
	}
	return Message{}, true
}

// ParseWeight reads a typed weight and checks it.
func ParseWeight(s string) (eval.Points, Message, bool) {
	w, err := eval.ParsePoints(s)
	if err != nil {
		return 0, WeightRange, false
	}
	m, ok := Weight(w)
	return w, m, ok
}

// LibraryRowWeight reads the weight typed for an indicator added from the
// library: a number above 0 and at most MaxWeight.
func LibraryRowWeight(s string) (eval.Points, Message, bool) {
	if s == "" {
		return 0, LibraryWeight, false
	}
	w, m, ok := ParseWeight(s)
	if !ok {
		return 0, m, false
	}
	if w <= 0 {
		return 0, LibraryWeight, false
	}
	return w, Message{}, true
}

// Score checks a score against its weight.
func Score(score, weight eval.Points) (Message, bool) {
	if score < 0 || score > weight {
		return ScoreRange, false
	}
	return Message{}, true
}

// ParseScore reads a typed score and checks it against the weight.
func ParseScore(s string, weight eval.Points) (eval.Points, Message, bool) {
	p, err := eval.ParsePoints(s)
	if err != nil {
		return 0, ScoreNotNumber, false
	}
	m, ok := Score(p, weight)
	return p, m, ok
}

// Deduction requires a basis when a score is below the weight.
func Deduction(score, weight eval.Points, basis string) (Message, bool) {
	if score < weight && basis == "" {
		return DeductionBasis, false
	}
	return Message{}, true
}

// Row is an indicator row as a sheet holds it, for Rows.
type Row struct {
	Level1, Level2, Level3, Target, Actual, Basis string
	Weight, Score                                 eval.Points
	HasScore                                      bool
}

// ReportRows are a read report's rows, for Rows.
func ReportRows(r *eval.Report) []Row {
	out := make([]Row, len(r.Sheet.Rows))
	for i, x := range r.Sheet.Rows {
		out[i] = Row{Level1: x.Level1, Level2: x.Level2, Level3: x.Level3, Target: x.Target.String(), Actual: x.Actual.String(),
			Basis: x.Basis, Weight: x.Weight, Score: x.Score, HasScore: x.HasScore}
	}
	return out
}

// Rows checks a whole sheet's rows as an import brings them: names
// present, every short field and the basis within their lengths, weights
// 0–100, scores within their weights, and the number of rows. It does not
// require a basis for a deduction: a filled-in form is taken as written
// and the engine's deduction.no_basis finding says so.
func Rows(rows []Row) []Problem {
	var out []Problem
	if len(rows) == 0 {
		out = append(out, Problem{Row: -1, Msg: NoRows})
	}
	if len(rows) > MaxRows {
		out = append(out, Problem{Row: -1, Msg: TooManyRows})
	}
	for i, r := range rows {
		switch {
		case r.Level1 == "" || r.Level3 == "":
			out = append(out, Problem{Row: i, Field: "l3", Msg: NamesRequired})
		case r.Weight < 0 || r.Weight > MaxWeight:
			out = append(out, Problem{Row: i, Field: "weight", Msg: WeightRange})
		case r.HasScore && (r.Score < 0 || r.Score > r.Weight):
			out = append(out, Problem{Row: i, Field: "score", Msg: ScoreRange})
		}
		for _, f := range []string{r.Level1, r.Level2, r.Level3, r.Target, r.Actual} {
			if m, ok := Field(f); !ok {
				out = append(out, Problem{Row: i, Field: "l3", Msg: m})
				break
			}
		}
		if m, ok := Text(r.Basis); !ok {
			out = append(out, Problem{Row: i, Field: "basis", Msg: m})
		}
	}
	return out
}
