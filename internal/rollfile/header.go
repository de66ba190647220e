// Package rollfile reads benefit rolls, death lists, other schemes' rolls,
// hardship-group lists and 代缴 payment lists from CSV and XLSX files as the
// provincial system and other departments export them.
//
// Encodings UTF-8, UTF-8 with BOM and GBK/GB18030 are detected. Column
// headers are recognised by their common Chinese variants (身份证号 /
// 公民身份号码 / 证件号码 …) and the 人社 field codes (aac002 …). Bad rows are
// reported with file, line, field and reason, and counted; a file whose
// header or encoding is unusable is rejected whole before any row is
// delivered.
//
// Records handed to callbacks borrow the reader's buffers and are valid
// only during the call: copy (strings.Clone) what you keep.
package rollfile

import (
	"strings"
)

// field identifies a logical column.
type field int

const (
	fID field = iota
	fName
	fSex
	fBirth
	fTown
	fVillage
	fScheme
	fStart
	fMonthly
	fPaid
	fStatus
	fDeath
	fSource
	fRegion
	fGroup
	fYear
	fAmount
	fCertDate // certevents.go
	fChannel
	fResult
	fNote
	nBaseFields // more fields follow in payroll.go
)

var fieldNames = [nFields]string{"身份证号", "姓名", "性别", "出生日期", "镇（街道）", "村（社区）", "险种",
	"待遇开始年月", "月待遇", "最后发放年月", "状态", "死亡日期", "数据来源", "参保地", "困难类别", "年度", "金额",
	"认证日期", "认证方式", "认证结果", "备注"}

// aliases lists header spellings per field, compared after normHeader.
var aliases = map[string]field{}

func init() {
	add := func(f field, names ...string) {
		for _, n := range names {
			aliases[normHeader(n)] = f
		}
	}
	add(fID, "身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "证件号码", "证件号", "身份证", "居民身份证号", "居民身份证号码", "aac002", "aac147", "id_number", "idnumber", "id")
	add(fName, "姓名", "名字", "人员姓名", "死者姓名", "aac003", "name")
	add(fSex, "性别", "aac004", "sex", "gender")
	add(fBirth, "出生日期", "出生年月", "出生年月日", "birth_date", "birth", "birthdate", "aac006")
	add(fTown, "镇（街道）", "镇(街道)", "镇/街道", "镇街", "镇区", "乡镇", "乡镇（街道）", "乡镇(街道)", "所属镇", "所属镇（街道）", "镇", "街道", "town")
	add(fVillage, "村（社区）", "村(社区)", "村/社区", "村居", "村", "社区", "所属村", "村（居）", "village")
	add(fScheme, "险种", "险种类型", "参保险种", "险种名称", "scheme", "aae140")
	add(fStart, "待遇开始年月", "开始领取年月", "待遇享受年月", "待遇起始年月", "领取开始年月", "aae210", "start_month", "start")
	add(fMonthly, "月待遇", "月发放金额", "月待遇金额", "月养老金", "发放金额", "月领取金额", "月标准", "monthly", "monthly_amount")
	add(fPaid, "最后发放年月", "发放至", "发放截止年月", "末次发放年月", "最后发放月份", "已发放至", "paid_through")
	add(fStatus, "状态", "待遇状态", "发放状态", "人员状态", "aae116", "status")
	add(fDeath, "死亡日期", "死亡时间", "死亡年月日", "death_date")
	add(fSource, "数据来源", "来源", "信息来源", "source")
	add(fRegion, "参保地", "参保地区", "统筹区", "地区", "region")
	add(fGroup, "困难类别", "人员类别", "救助类别", "困难群体类别", "类别", "group")
	add(fYear, "年度", "缴费年度", "代缴年度", "year")
	add(fAmount, "代缴金额", "缴费金额", "金额", "amount")
}

// normHeader folds a header cell: BOM, spaces and quotes dropped, full-width
// ASCII folded, ASCII lower-cased, and full-width brackets turned into the
// canonical （）.
func normHeader(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\ufeff' || r == ' ' || r == '\u3000' || r == '\t' || r == '"' || r == '*' || r == '\r' || r == '\n':
			continue
		case r == '(':
			r = '（'
		case r == ')':
			r = '）'
		case r >= 0xFF01 && r <= 0xFF5E && r != '（' && r != '）':
			r -= 0xFEE0
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// columns maps each field to its column index, or -1.
type columns [nFields]int

func mapHeader(cells []string) (columns, int) {
	var c columns
	for i := range c {
		c[i] = -1
	}
	known := 0
	for i, cell := range cells {
		f, ok := aliases[normHeader(cell)]
		if !ok || c[f] >= 0 {
			continue
		}
		c[f] = i
		known++
	}
	return c, known
}
