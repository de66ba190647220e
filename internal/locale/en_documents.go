package locale

// documentsEnglish is the English of the document pages (downloads, batch
// downloads, the upload of a filled-in form), kept apart from the main
// catalogue so that engineers working on other pages do not edit the same
// lines.
var documentsEnglish = map[string]string{
	"下载":           "Download",
	"打印版":          "Printable page",
	"上传填报文件":       "Upload a filled-in form",
	"导入填报文件":       "Import a filled-in form",
	"导入文件":         "File imported",
	"批量下载所选项目":     "Download the selected projects",
	"批量下载本年度各单位":   "Download every unit of the year",
	"全部自评文件（.zip）": "All self-evaluations (.zip)",
	"汇总表（.xlsx）":   "Summary (.xlsx)",
	"服务器没有可用的中文字体，暂不能生成 PDF（请管理员安装 fonts-arphic-gbsn00lp，或启动时用 --font 指定 simfang.ttf 等字体）。": "PDF is not available: the server has no usable Chinese font (the administrator can install fonts-arphic-gbsn00lp, or start it with --font naming simfang.ttf or another font).",
	"未知的文件格式。":  "Unknown file format.",
	"下载内容无效。":   "Invalid download.",
	"没有可下载的项目。": "No projects to download.",
	"所选项目过多（%d 个，上限 %d 个），请按单位或状态筛选后再下载。": "Too many projects selected (%d, at most %d): filter by unit or status first.",
	"文件过大：上限 %d MiB。":                "File too large: at most %d MiB.",
	"上传内容无效。":                        "Invalid upload.",
	"上传已过期，请重新选择文件。":                 "The upload has expired: choose the file again.",
	"请选择要上传的文件。":                     "Choose a file to upload.",
	"文件中没有评分表。":                      "The file holds no score sheet.",
	"文件包含多个项目，没有一个与本项目同名。":           "The file holds several projects, none of this project's name.",
	"文件中的项目名称为“%s”，与本项目“%s”不同。":      "The file names the project “%s”, not “%s”.",
	"文件中的年度为 %d，本项目为 %d。":            "The file's year is %d, this project's %d.",
	"文件中没有指标。":                       "The file holds no indicators.",
	"指标超过 %d 行。":                     "More than %d indicator rows.",
	"指标“%s”缺少一级或三级指标名称。":             "Indicator “%s” lacks its level-1 or level-3 name.",
	"指标“%s”的权重应为 0–100。":             "Indicator “%s”: the weight must be 0–100.",
	"指标“%s”的得分应在 0 与权重之间。":           "Indicator “%s”: the score must be between 0 and the weight.",
	"指标“%s”的内容过长。":                   "Indicator “%s”: a cell is too long.",
	"指标“%s”的评分依据过长。":                 "Indicator “%s”: the basis is too long.",
	"已取消导入，未保存任何内容。":                 "Import cancelled: nothing was saved.",
	"此表已被他人修改，请重新上传文件查看变化。":          "Someone else has changed this sheet: upload the file again to see the changes.",
	"文件中的评分表不能保存，请改正后重新上传。":          "The file's sheet cannot be saved: correct it and upload it again.",
	"已导入 %s。":                        "Imported %s.",
	"文件不能完整读取，未保存任何内容。请改正以下问题后重新上传：": "The file could not be read completely and nothing was saved. Correct these problems and upload it again:",
	"工作表": "Sheet",
	"行":   "Row",
	"列":   "Column",
	"文件中有多个工作表像评分表，请选择一个：": "Several sheets of the file look like a score sheet; choose one:",
	"用所选工作表预览":             "Preview with this sheet",
	"与已保存的评分表相比":           "Compared with the saved sheet",
	"新增":                   "Added",
	"修改":                   "Changed",
	"移除":                   "Removed",
	"自评报告的变化":              "Changes to the report text",
	"检查结果（上传的评分表）":         "Findings (uploaded sheet)",
	"读取说明":                 "Notes on reading the file",
	"确认保存":                 "Confirm and save",
	"取消":                   "Cancel",
	"可上传 .xlsx 评分表、含评分表的 .docx 或纯文本自评表（最大 20 MiB）。保存前会先显示与已保存内容的差异。": "Upload an .xlsx score sheet, a .docx holding one, or the plain-text form (at most 20 MiB). The changes against the saved sheet are shown before anything is saved.",
	"上传并预览": "Upload and preview",
	"只有填报人在草稿状态下可以导入。": "Only the filer can import, while the sheet is a draft.",
}

func init() {
	for zh, en := range documentsEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
