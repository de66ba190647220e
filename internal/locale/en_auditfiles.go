package locale

// auditFilesEnglish is the English of what the audit pages say about the
// input files (issue 12: any sheet shape, damaged IDs, rows accounted for).
var auditFilesEnglish = map[string]string{
	"只接受 .csv、.txt、.xlsx 或 .xls 文件。":                                             "Only .csv, .txt, .xlsx or .xls files are accepted.",
	"文件中被拒绝或身份证号损坏的行较多时仍继续（号码损坏的死亡记录只能列入待核实）":                                    "Run even when a file has many rejected rows or damaged ID numbers (death records with damaged IDs can only be matched for review)",
	"表头可在标题行之下、可为两行；合计、制表人等行跳过并计数；工作簿的每个工作表都读取；也接受 .xls 和 Excel 导出的 Unicode 文本。": "The header may sit below title rows or span two rows; totals and signature rows are skipped and counted; every sheet of a workbook is read; .xls and Excel's Unicode text are accepted too.",
	"如确需按损坏的数据比对，请勾选“仍继续”后重新上传。":                                                 "To run on the damaged data anyway, tick \"run anyway\" and upload again.",
	"困难群体参保覆盖：未参保或未代缴的人员":                                                        "Hardship-group coverage: members not enrolled or without contributions paid for them",
	"困难群体名单（可选，查低保、特困、低收入人员参保覆盖）":                                                "Hardship-group lists (optional: are subsistence-allowance, extreme-poverty and low-income members enrolled?)",
	"人数":     "People",
	"人员":     "Who",
	"未参保":    "Not enrolled",
	"已参保未代缴": "Enrolled, contributions not paid for them",
	"仅按姓名和出生日期找到参保记录": "Enrolled, found by name and birth date only",
	"输入文件":   "Input files",
	"表头位置":   "Header found at",
	"读取":     "Read",
	"使用":     "Used",
	"拒绝":     "Rejected",
	"跳过":     "Skipped",
	"身份证号损坏": "Damaged IDs",
	"身份证号损坏且未匹配到名册的死亡记录（须人工核对）": "Death records with damaged ID numbers that matched no roll row (check by hand)",
	"身份证号损坏（按可确定部分和姓名）":         "Damaged ID (its certain part and the name)",
}

func init() {
	for zh, en := range auditFilesEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
