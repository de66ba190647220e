package locale

// signersEnglish is the English of the signature names (issue 14): the
// names each unit prints in its documents' signature block.
var signersEnglish = map[string]string{
	"签字栏": "Signature block",
	"导出的情况表、评分表（Word、Excel、PDF、打印版）末尾的签字栏填入这里的姓名和电话；填报日期为项目最近一次提交的日期。留空的项打印为空白横线，手工填写。": "The signature block at the end of the exported documents (Word, Excel, PDF, print version) carries these names and the phone number; the date is the day the project was last submitted. A field left empty prints as a blank line to fill in by hand.",
	"填报人":           "Prepared by",
	"联系电话":          "Phone",
	"打印效果":          "As printed",
	"选择":            "Choose",
	"最多 50 字，不能换行。": "At most 50 characters, on one line.",
	"电话号码只能含数字、空格、+、- 和括号。": "A phone number holds only digits, spaces, +, - and brackets.",
	"签字栏已保存，导出的文件将填入这些姓名。":  "Signature block saved: exported documents will carry these names.",
}

func init() {
	for zh, en := range signersEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
