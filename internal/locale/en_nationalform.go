package locale

// nationalFormEnglish is the English of the 附件1 form's part of the
// project page (issue 13).
var nationalFormEnglish = map[string]string{
	"项目支出绩效自评表（附件1）": "Project self-evaluation form (national template, Annex 1)",
	"项目编码":   "Project code",
	"主管部门":   "Supervising department",
	"实施单位":   "Implementing unit",
	"预算执行情况": "Budget execution",
	"分值":     "Points",
	"执行率":    "Execution rate",
	"得分":     "Score",
	"按规则得分":  "Score by the rule",
	"原因":     "Reason",
	"年度总体目标": "Overall annual goal",
	"预期目标":   "Planned",
	"实际完成情况": "Achieved",
	// The targets page: weights add up to the rule set's total less the
	// funds row's 分值 of the 附件1 form.
	"权重合计须为 %s":             "Weights must total %s",
	"权重合计须为 %s 才能提交。":       "Weights must total %s before submission.",
	"（预算执行情况另有 %s 分，见自评表。）": " (budget execution counts %s more points, on the self-evaluation form.)",
	// A new project from an uploaded form.
	"从自评表新建": "New project from a self-evaluation form",
	"上传已填写的项目支出绩效自评表（附件1 或各省格式，.xlsx / .xls / .docx / 文本）：项目名称、年度、预算和各项指标按表填入，可再修改。": "Upload a filled-in project self-evaluation form (national Annex 1 or a provincial layout; .xlsx, .xls, .docx or text): the project's name, year, budget and indicators are taken from it and can be edited afterwards.",
	"自评表文件":      "Form file",
	"（多张评分表时填写）": "(when the file holds several score sheets)",
	"上传并新建项目":    "Upload and create the project",
	"文件无法读取：":    "The file could not be read:",
	"文件中有几张评分表（%s），请在“工作表”中填写要用的一张。":  "The file holds several score sheets (%s): enter the one to use under 'Sheet'.",
	"文件包含 %d 个项目（%s），请每次用一个项目的自评表新建。": "The file holds %d projects (%s): create one project per form.",
	"文件中没有项目名称，不能据此新建项目。":             "The file names no project: no project can be created from it.",
	"文件中没有年度（如“（2023年度）”），不能据此新建项目。":  "The file gives no year (such as '(2023)'): no project can be created from it.",
	"本单位 %d 年度已有项目“%s”，请在该项目中导入此文件。":  "Your unit already has the project '%[2]s' for %[1]d: import the file into that project.",
	"或粘贴文本": "Or paste text",
	"从网页或 PDF 复制的自评表（按行、每格一行或整表一行均可）。": "A form copied from a web page or a PDF (row by row, one cell per line, or the whole form on one line).",
	"已从 %s 新建项目“%s”，请核对。":              "Created the project '%[2]s' from %[1]s: please check it.",
}

func init() {
	for zh, en := range nationalFormEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
