// Package eval is the evaluation core of jixiao: the self-evaluation report
// of a budget project (项目支出绩效自评), its indicator sheet (评分表), the
// rule sets that score it (财预〔2020〕10号 by default), and the checks that
// find what does not add up.
//
// The package is pure Go with no I/O. Readers and writers of documents live
// in internal/report; storage in internal/store; the web in internal/web.
//
// A newcomer's map, one idea per file:
//
//	model.go      Report, Funds, Narrative, Sheet, Row — what a report holds
//	number.go     Number (exact decimal) and Points (scores in 1/10000 point)
//	value.go      Value: one parser for every target/actual cell ("≥95%", "及时", "48.35万元")
//	direction.go  正向/反向/等于/定性 and how it is inferred from name and target
//	rules.go      RuleSet: scoring formulas, tiers, tolerance, grade bands; the rule-set file
//	score.go      ScoreRow: the score a rule set gives a row, with its explanation
//	check*.go     Check: every named check and its findings (zh + en)
//	narrative.go  figures stated in the narrative (totals, grades, amounts, rates)
package eval
