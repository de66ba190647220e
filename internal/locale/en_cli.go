package locale

// cliEnglish is the English of the command line's files for people (issue
// 14): the headers and values of `jixiao cert status` and `jixiao pay
// check` as CSV (--lang en).
var cliEnglish = map[string]string{
	"最近认证日期":     "Last certified",
	"有效期至":       "Valid until",
	"暂停/终止起始":    "Suspended/terminated from",
	"恢复发放年月":     "Resumed from",
	"补发起始":       "Back pay from",
	"补发截止":       "Back pay to",
	"补发月数":       "Back-pay months",
	"死亡后多发月数":    "Months paid after death",
	"死亡后多发（元）":   "Paid after death (yuan)",
	"须核实":        "To check",
	"问题类型":       "Kind",
	"月份":         "Months",
	"应发":         "Due",
	"实发":         "Paid",
	"差额":         "Difference",
	"计算公式":       "Formula",
	"多发":         "Overpaid",
	"少发":         "Underpaid",
	"待遇调整未到位":    "Raise not applied",
	"高龄加发未发":     "Old-age supplement missed",
	"未到龄领取":      "Paid before pension age",
	"早于待遇开始年月发放": "Paid before the start month",
	"终止/暂停后仍发放":  "Paid after termination or suspension",
	"同月重复发放":     "Paid twice in a month",
}

func init() {
	for zh, en := range cliEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}

// cliHelpEnglish is the English of the command line's help and reports
// (issue 14: --lang en prints English only). A help line is looked up whole
// (locale.Printer.CLILine).
var cliHelpEnglish = map[string]string{
	"用法：jixiao <命令> [参数]":               "usage: jixiao <command> [arguments]",
	"（%d 年，规则 %s）":                      " (%d, rule set %s)",
	"合计：权重 %s，填报得分 %s，按规则 %s，等级 %s":     "Total: weight %s, written score %s, by the rule %s, grade %s",
	"（方向后带 * 者为推断所得；可在评分表“指标方向”列明确填写。）": "(A direction marked * was inferred; state it in the sheet's “指标方向” (direction) column to be sure.)",
	"用法：": "usage:",
	"用法: jixiao check [--format text|json] [--rules NAME|FILE] [--evidence FILE] FILE...":                                                                               "usage: jixiao check [--format text|json] [--rules NAME|FILE] [--evidence FILE] FILE...",
	"检查绩效自评报告；有错误级发现时退出码为 1，文件无法读取时为 2。":                                                                                                                                "Checks self-evaluation reports; exit status 1 when an error-level finding is made, 2 when a file cannot be read.",
	"用法: jixiao score [--rules NAME|FILE] [--lang zh|en] FILE...":                                                                                                       "usage: jixiao score [--rules NAME|FILE] [--lang zh|en] FILE...",
	"按规则重算评分表，逐项给出得分及计算过程。":                                                                                                                                             "Recomputes the score sheet by the rule set and explains each indicator's score.",
	"用法: jixiao export --format docx|xlsx|pdf|html|summary [--layout situation|report|national] [--out FILE|DIR|FILE.zip] [--unit U] [--year Y] [--font FILE] INPUT...": "usage: jixiao export --format docx|xlsx|pdf|html|summary [--layout situation|report|national] [--out FILE|DIR|FILE.zip] [--unit U] [--year Y] [--font FILE] INPUT...",
	"INPUT 可为文本格式报告、.xlsx 评分表或 .docx 报告。一份报告写入 --out；多份报告写入目录，或 --out 以 .zip 结尾时打包（含 汇总.xlsx）。":                                                                         "INPUT may be plain-text reports, .xlsx score sheets or .docx reports. One report goes to --out; several go to a directory, or into a .zip when --out ends in .zip (with the summary “汇总.xlsx”).",
	"--rules 把评分规则写成可阅读、可修改的规则文件（每个键附说明），可再以 --rules FILE 使用。":                                                                                                          "--rules writes scoring rule sets as readable, editable rule files (each key explained), usable again as --rules FILE.",
	"用法: jixiao import [--sheet NAME] [--format text|json] [--to FORMAT --out FILE] FILE...":                                                                            "usage: jixiao import [--sheet NAME] [--format text|json] [--to FORMAT --out FILE] FILE...",
	"读取并校验 .xlsx 评分表、.docx 报告或文本格式报告；整份读取成功才算导入，否则列出工作表、行、列和原因。":                                                                                                        "Reads and validates .xlsx score sheets, .docx reports or plain-text reports; a file is imported only when all of it reads, otherwise its sheet, row, column and reason are listed.",
	"退出码：0 成功，2 有文件无法完整读取。":                                                                                                                                             "Exit status: 0 success, 2 a file could not be read in full.",
	"用法: jixiao review --year Y [--sample N] [--seed S] [--units U,…] [--rescores FILE] [--format text|json|xlsx] [--out FILE] FILE...":                                 "usage: jixiao review --year Y [--sample N] [--seed S] [--units U,…] [--rescores FILE] [--format text|json|xlsx] [--out FILE] FILE...",
	"复核工作台：按风险排列当年报告并说明理由，抽取抽评样本。文件无法读取时退出码为 2。":                                                                                                                        "Review desk: ranks the year's reports by risk with the reasons and draws the review sample. Exit status 2 when a file cannot be read.",
	"用法: jixiao targets [--last FILE] [--format text|json] FILE...":                                                                                                     "usage: jixiao targets [--last FILE] [--format text|json] FILE...",
	"绩效目标自动审核：维度缺失、目标不可衡量、成本无金额、低于上年实际、与上年相同。有错误级发现时退出码为 1，文件无法读取时为 2。":                                                                                                 "Automatic target-sheet checks: missing dimensions, unmeasurable targets, costs without an amount, below last year's actual, same as last year. Exit status 1 on an error-level finding, 2 when a file cannot be read.",
	"jixiao audit deaths     --roll FILE [--roll FILE…] --deaths FILE [--deaths FILE…] [选项]":                                                                            "jixiao audit deaths     --roll FILE [--roll FILE…] --deaths FILE [--deaths FILE…] [options]",
	"jixiao audit duplicates --roll FILE [--roll FILE…] --other FILE [--other FILE…] [--rules 居保:企业职工养老,…] [选项]":                                                        "jixiao audit duplicates --roll FILE [--roll FILE…] --other FILE [--other FILE…] [--rules A:B,…] [options]",
	"jixiao audit coverage   --hardship FILE [--roll FILE…] [--enrolled FILE…] [--daijiao FILE…] [选项]":                                                                  "jixiao audit coverage   --hardship FILE [--roll FILE…] [--enrolled FILE…] [--daijiao FILE…] [options]",
	"jixiao audit month      --roll FILE… --deaths FILE… --other FILE… [--hardship FILE… …] [选项]（一次读取名册完成全部比对）":                                                         "jixiao audit month      --roll FILE… --deaths FILE… --other FILE… [--hardship FILE… …] [options]  (all checks in one pass over the roll)",
	"选项：[--as-of YYYY-MM] [--format csv|csv-raw|json|xlsx] [--lang zh|en] [--out FILE] [--full-id]":                                                                     "options: [--as-of YYYY-MM] [--format csv|csv-raw|json|xlsx] [--lang zh|en] [--out FILE] [--full-id]",
	"csv：给人看的表格，UTF-8 BOM、中文表头和取值、金额带千分位、身份证号脱敏（Excel 直接打开；--lang en 为英文）":                                                                                              "csv: a table for people — UTF-8 with a BOM, Chinese headers and values, amounts with thousands separators, masked IDs (opens in Excel as it is; --lang en for English)",
	"csv-raw：供程序读取，恰好九列 id_number,…,overpaid_amount，完整身份证号，无 BOM":                                                                                                       "csv-raw: for programs — exactly the nine keys id_number,…,overpaid_amount, full IDs, no BOM",
	"待遇资格认证：每位领取人本月的认证状态（正常、即将到期、应暂停、已暂停、恢复及补发、终止），":                                                                                                                    "Benefit certification: every recipient's status this month (normal, due soon, to suspend, suspended, resumed with back pay, terminated);",
	"--lists DIR 写出各镇（街道）即将到期名单及暂停、恢复补发、死亡终止、须核实名单（xlsx，含标题、月份和签字栏）。":                                                                                                   "--lists DIR writes each town's due list and the suspension, back-pay, death and to-check lists (xlsx with title, month and signature block).",
	"csv-raw：供程序读取，英文键名表头，完整身份证号，无 BOM":                                                                                                                                 "csv-raw: for programs — English keys as the header, full IDs, no BOM",
	"jixiao pay check --rules NAME|FILE --roll FILE… --payroll FILE… [--returns FILE…] (--month YYYY-MM | --year YYYY) [选项]":                                            "jixiao pay check --rules NAME|FILE --roll FILE… --payroll FILE… [--returns FILE…] (--month YYYY-MM | --year YYYY) [options]",
	"按来源计算资金到位率、预算执行率":                                                                                                                                                  "the funds received rate and budget execution rate per source",
	"jixiao pay rules [NAME|FILE]      打印规则文件（默认为内置的 rugao）":                                                                                                            "jixiao pay rules [NAME|FILE]      print a rule file (default: the built-in rugao)",
	"选项：[--format text|csv|csv-raw|json|xlsx] [--lang zh|en] [--out FILE] [--full-id] [--workers N]":                                                                    "options: [--format text|csv|csv-raw|json|xlsx] [--lang zh|en] [--out FILE] [--full-id] [--workers N]",
	"csv：给人看的表格，UTF-8 BOM、中文表头和取值、金额带千分位、身份证号脱敏（--lang en 为英文）；csv-raw：英文键名，供程序读取":                                                                                      "csv: a table for people — UTF-8 with a BOM, Chinese headers and values, grouped amounts, masked IDs (--lang en for English); csv-raw: English keys, for programs",
	"退出状态：0 无问题，1 有问题，2 输入错误":                                                                                                                                           "exit status: 0 no finding, 1 findings, 2 input error",
	"数据库：SQLite 文件或 postgres://… (database; env JIXIAO_DB)":                                                                                                             "database: SQLite file or postgres://…; env JIXIAO_DB",
	"数据库：SQLite 文件路径或 postgres://… (database: SQLite file or PostgreSQL URL; env JIXIAO_DB; default jixiao.db, or a fresh temporary file with --demo)":                  "database: SQLite file or PostgreSQL URL; env JIXIAO_DB; default jixiao.db, or a fresh temporary file with --demo",
	"数据目录：上传与导出的临时文件在其下的私有目录（0700），启动时清理；默认为 SQLite 文件所在目录 (data directory: temporary uploads and exports go to a private 0700 directory under it, swept at start; default: the SQLite file's directory)": "data directory: temporary uploads and exports go to a private 0700 directory under it, swept at start; default: the SQLite file's directory",
	"规则：内置名称 (default, caiyu-2020-10, fasp2) 或规则文件路径 (rule set name or file)": "rule set: a built-in name (default, caiyu-2020-10, fasp2) or a rule file",
	"规则：内置名称或规则文件路径 (rule set name or file)":                                  "rule set: a built-in name or a rule file",
	"财政复核得分 CSV：单位,项目,年度,复核得分 (re-scores)":                                    "the finance bureau's re-scores as CSV: unit,project,year,re-score",
	"输出 text|json：导入结果概要或完整数据 (print a summary or the full data)":             "output text|json: a summary of the import or the full data",
	"导出评分规则文件而非报告：内置名称或规则文件，逗号分隔；used 为 --db 中项目所用的规则 (export rule-set files instead: names or files, comma-separated; used: the rule sets of --db's projects)": "export rule-set files instead of reports: built-in names or rule files, comma-separated; used: the rule sets of --db's projects",
	"版式：situation（自我评价情况表）、report（绩效评价报告）、national（财预〔2020〕10号附件1 项目支出绩效自评表）；默认沿用读入文件的版式 (layout to write; default: the input's)":                               "layout to write: situation (the self-evaluation form), report (the evaluation report), national (Caiyu [2020] No. 10 annex 1 form); default: the input's",
	"待遇规则：内置名称 rugao 或规则文件 (built-in name or rule file)":                  "benefit rules: the built-in name rugao or a rule file",
	"死亡名单 (death list)，可重复":                                               "death list; repeatable",
	"死亡名单 (death list)，可选，可重复":                                            "death list; optional, repeatable",
	"其他险种名册 (other scheme's roll)，可重复":                                    "other scheme's roll; repeatable",
	"困难群体名单 低保/特困/低收入 (hardship-group list)，可重复":                          "hardship-group list (subsistence allowance, extreme poverty, low income); repeatable",
	"参保缴费名册 (contributors' roll, for coverage)，可重复":                       "contributors' roll, for coverage; repeatable",
	"代缴名单 (contributions paid by government)，可重复":                         "list of contributions paid by government; repeatable",
	"认证记录 (certification events)，可重复":                                     "certification events; repeatable",
	"发放明细 (payroll detail), CSV 或 XLSX，可重复":                               "payroll detail, CSV or XLSX; repeatable",
	"银行回盘 (bank returns: 回盘结果, 失败原因)，可选，可重复 (optional, repeatable)":       "bank returns (with result and failure reason columns); optional, repeatable",
	"资金台账 CSV：月份,资金来源,类别(预算/到位/支出),金额,备注 (funds ledger)，可重复":              "funds ledger CSV: month, source, kind (budget/received/spent), amount, note; repeatable",
	"写出指标实际值 JSON，供 jixiao check --evidence 使用":                           "write the indicators' actual values as JSON for jixiao check --evidence",
	"名单目录：各镇即将到期名单等 (directory for the lists as documents)":               "directory for the lists as documents (each town's due list …)",
	"死亡当月之后仍可发放的月数，缺省0：发放至死亡当月 (months payable after the month of death)": "months payable after the month of death (default 0: paid up to the month of death)",
	"预算执行率口径 budget（支出÷预算）或 received（支出÷到位）":                              "budget execution rate as budget (spent ÷ budget) or received (spent ÷ received)",
	"复核工作台 %d 年：%d 份报告（另有其他年度或单位 %d 份作对比），发现 %d 项":                        "Review desk %d: %d reports (%d more of other years or units for comparison), %d findings",
	"风险排序（风险分越高越值得复核）":                                                    "Ranked by risk (the higher, the more worth reviewing)",
	"风险":   "risk",
	"金额":   "amount",
	"%s万元": "%s (10k yuan)",
	"…… 另有 %d 份有风险的报告未列出（--top 调整）": "… %d more reports at risk not listed (see --top)",
	"未发现风险信号": "No risk signal found",
	"雷同段落对照":  "Similar passages side by side",
	"甲":       "A",
	"乙":       "B",
	"第%d行":    "line %d",
	"抽评样本（%d 份，种子 %d，按金额分层）": "Review sample (%d reports, seed %d, stratified by amount)",
	"大额": "large", "中额": "medium", "小额": "small", "金额未知": "amount unknown",
	"随机抽取":         "drawn at random",
	"按风险":          "by risk",
	"无上年报告对比":      "no last-year report to compare",
	"对比 %d 年":      "compared with %d",
	"（%d 年，%s）":    " (%d, %s)",
	"未发现问题":        "no problem found",
	"%d 项指标，总计 %s": "%d indicators, total %s",
	"自我评价情况表":      "self-evaluation form",
	"绩效评价报告":       "evaluation report",
	"项目支出绩效自评表":    "project expenditure self-evaluation form",
}

func init() {
	for zh, en := range cliHelpEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
