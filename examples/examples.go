// Package examples holds jixiao's own example reports: the 2023 reports of
// 如皋市被征地农民基本生活保障资金管理中心 re-written for this project (their
// projects, indicators, values and amounts; not their prose), one report
// with deliberate inconsistencies, and a rule-set file. The demo data of
// `jixiao serve --demo` and the first command of README.md use them.
package examples

import "embed"

// FS holds the example files: *.txt reports and rules/*.rules.
//
//go:embed *.txt rules/*.rules
var FS embed.FS

// Reports lists the example report files in FS, in a stable order.
var Reports = []string{"rugao-2023.txt", "inconsistent-2024.txt"}
