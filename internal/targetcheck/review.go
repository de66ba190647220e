package targetcheck

import (
	"strings"

	"jixiao/internal/eval"
)

// Results of a 绩效目标审核.
const (
	ResultPass    = "通过"
	ResultAmend   = "修改后通过" // the unit amends the sheet as the opinions say and declares it again
	ResultFail    = "不通过"   // the unit revises the sheet and submits it for another round
	CodeNoCost    = "缺少成本指标"
	CodeLow       = "目标值偏低"
	CodeNoSource  = "缺少数据来源"
	CodeVague     = "指标不明确"
	CodeUnmeasure = "不可衡量"
	CodeMismatch  = "与资金量不匹配"
	CodeMissing   = "指标不完整"
	CodeCopied    = "照搬上年"
	CodeOther     = "其他"
)

// Results lists the review's results in order.
var Results = []string{ResultPass, ResultAmend, ResultFail}

// Codes are the bureau's opinion codes, for a sheet as a whole or one
// indicator: the common wording of 目标审核意见 [M] ("指标不明确, 不可衡量,
// 目标值偏低, 缺少数据来源, 缺少成本指标, 与资金量不匹配"), with 指标不完整 (a
// dimension missing), 照搬上年 and 其他 added [D].
var Codes = []string{CodeVague, CodeUnmeasure, CodeLow, CodeNoSource, CodeNoCost, CodeMismatch, CodeMissing, CodeCopied, CodeOther}

// IsResult and IsCode report whether s is one of Results or Codes.
func IsResult(s string) bool { return in(Results, s) }

// IsCode reports whether s is one of Codes.
func IsCode(s string) bool { return in(Codes, s) }

func in(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// Suggest is the opinion code an automatic finding suggests to the
// reviewer ("" for a rule it does not know).
func Suggest(f eval.Finding) string {
	switch f.Rule {
	case "target.dimension":
		if strings.Contains(f.MessageZH, "成本") {
			return CodeNoCost
		}
		return CodeMissing
	case "target.vague", "target.cost_amount":
		return CodeUnmeasure
	case "target.no_source":
		return CodeNoSource
	case "target.cost_budget":
		return CodeMismatch
	case "target.below_last":
		return CodeLow
	case "target.unchanged":
		return CodeCopied
	}
	return ""
}
