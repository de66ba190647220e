// Command jixiao is the performance-budgeting and survival-audit tool of a
// county social-insurance fund center.
//
// Each subcommand lives in its own file of this package; main only
// dispatches. Subcommands return an exit status instead of calling os.Exit,
// so tests can run them in-process.
package main

import (
	"fmt"
	"io"
	"os"

	"jixiao/internal/locale"
)

// command is one subcommand: its name, a one-line summary and its entry point.
type command struct {
	name, summaryZH, summaryEN string
	run                        func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"check", "检查绩效自评报告（评分表与叙述）", "check self-evaluation reports (score sheet and narrative)", runCheck},
		{"score", "按规则重算评分表并解释每项得分", "recompute a score sheet and explain each score", runScore},
		{"serve", "启动 Web 应用", "start the web application", runServe},
		{"export", "导出情况表、评分表、评价报告", "export reports as docx/xlsx/pdf/html", runExport},
		{"import", "导入评分表或报告", "import a score sheet or report", runImport},
		{"review", "复核工作台：按风险排列报告并抽取抽评样本", "review desk: rank reports by risk, draw the review sample", runReview},
		{"targets", "绩效目标自动审核（维度、可衡量性、成本、与上年对比）", "automatic target-sheet quality checks", runTargets},
		{"audit", "生存稽核：死亡比对、重复领取、代缴覆盖", "survival audit: deaths, duplicates, coverage", runAudit},
		{"gen", "生成测试用名册与死亡名单", "generate test rolls and death lists", runGen},
		{"backup", "运行中备份数据库（含清单与校验和）", "back up a database while it runs (manifest, checksums)", runBackup},
		{"restore", "从备份恢复数据库", "restore a database from a backup", runRestore},
		{"cert", "待遇资格认证：认证状态、到期、暂停、恢复补发", "benefit certification: status, due, suspended, resumed with back-pay", runCert},
		{"pay", "待遇发放核对：按规则核对发放明细", "payroll check: verify paid amounts against the rules", runPay},
		{"trail", "校验审计日志链（trail verify）", "verify the audit trail's hash chain (trail verify)", runTrail},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches to the subcommand named by args[0], its messages in one
// language (lang.go).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	lw := &lineWriter{w: stderr, p: cliLang(args)}
	defer lw.Flush()
	return dispatch(args, stdin, stdout, lw)
}

func dispatch(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr, cliLang(args))
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "jixiao: 未知命令 %q (unknown command)\n", args[0])
	usage(stderr, cliLang(args))
	return 2
}

func usage(w io.Writer, p locale.Printer) {
	fmt.Fprintln(w, p.T("用法：jixiao <命令> [参数]"))
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, p.Pick(c.summaryZH, c.summaryEN))
	}
	fmt.Fprintln(w, "每个命令加 -h 查看参数 (each command takes -h).")
}
