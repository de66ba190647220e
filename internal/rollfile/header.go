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
	"fmt"
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

// alias is a header spelling of a field; when a file has several columns
// for one field (死亡日期 and 火化日期), the lowest rank is used.
type alias struct {
	f    field
	rank int
}

// aliases lists header spellings per field, compared after normHeader.
var aliases = map[string]alias{}

func init() {
	add := func(f field, names ...string) {
		for i, n := range names {
			if _, dup := aliases[normHeader(n)]; !dup {
				aliases[normHeader(n)] = alias{f, i}
			}
		}
	}
	add(fID, "身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "公民身份证号", "证件号码", "证件号", "身份证件号码", "身份证", "居民身份证号", "居民身份证号码", "社会保障号码", "社会保障号", "aac002", "aac147", "id_number", "idnumber", "id")
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
	add(fDeath, "死亡日期", "死亡时间", "死亡年月日", "死亡年月", "death_date", "死亡注销日期", "户籍注销日期", "注销日期", "火化日期", "火化时间")
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

// lookup finds the field a header cell names: as written, or without a
// note in brackets ("身份证号（18位）", "月待遇[元]") or a trailing colon.
func lookup(cell string) (alias, bool) {
	h := normHeader(cell)
	if a, ok := aliases[h]; ok {
		return a, true
	}
	if h == "" || len(h) > 120 {
		return alias{}, false
	}
	var b strings.Builder
	depth := 0
	for _, r := range h {
		switch r {
		case '（', '[', '【', '<', '《':
			depth++
			continue
		case '）', ']', '】', '>', '》':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth == 0 {
			b.WriteRune(r)
		}
	}
	a, ok := aliases[strings.TrimRight(b.String(), ":：")]
	return a, ok
}

// columns maps each field to its column index, or -1.
type columns [nFields]int

func mapHeader(cells []string) (columns, int) {
	var c columns
	var rank [nFields]int
	for i := range c {
		c[i] = -1
	}
	known := 0
	for i, cell := range cells {
		a, ok := lookup(cell)
		if !ok {
			continue
		}
		if c[a.f] >= 0 {
			if a.rank < rank[a.f] {
				c[a.f], rank[a.f] = i, a.rank
			}
			continue
		}
		c[a.f], rank[a.f] = i, a.rank
		known++
	}
	return c, known
}

// headerScan is how many leading rows of a sheet or file are searched
// for the header.
const headerScan = 30

// headerFound is where a header was found among the leading rows.
type headerFound struct {
	at, rows int // index of its first row; 1, or 2 for a two-row header
	cols     columns
	text     []string // the header cells as used (merged for two rows)
}

// findHeader searches the leading rows for the header: the first row (or
// pair of rows: a merged group label above the field names) that maps the
// fields check requires. Title, note and blank rows above it are skipped.
// Without one, why says what the most header-like row lacked.
func findHeader(rows [][]string, check headerCheck) (headerFound, bool, string) {
	bestKnown, why := 0, ""
	for i, r := range rows {
		c1, k1 := mapHeader(r)
		ok1 := k1 > 0 && check(&c1) == ""
		if i+1 < len(rows) && k1 > 0 {
			// a two-row header: fields named in the lower row, the upper
			// row naming the others (its group labels span the lower)
			m := mergeRows(r, rows[i+1])
			c2, k2 := mapHeader(m)
			if k2 > k1 && check(&c2) == "" && (!ok1 || k2 > k1+1) {
				return headerFound{at: i, rows: 2, cols: c2, text: m}, true, ""
			}
		}
		if ok1 {
			return headerFound{at: i, rows: 1, cols: c1, text: r}, true, ""
		}
		if k1 > bestKnown {
			bestKnown, why = k1, check(&c1)
		}
	}
	if bestKnown == 0 {
		first := ""
		for _, r := range rows {
			if len(strings.Join(r, "")) > 0 {
				first = strings.Join(r, ",")
				break
			}
		}
		if len(first) > 200 {
			first = first[:200]
		}
		return headerFound{}, false, fmt.Sprintf("表头无法识别 (header not recognised): 前 %d 行中无可识别的列名，首行为 %q", len(rows), first)
	}
	return headerFound{}, false, why
}

// mergeRows combines the two rows of a two-row header: a lower cell that
// names a field wins, else the upper one.
func mergeRows(upper, lower []string) []string {
	n := max(len(upper), len(lower))
	out := make([]string, n)
	for j := 0; j < n; j++ {
		var u, l string
		if j < len(upper) {
			u = upper[j]
		}
		if j < len(lower) {
			l = lower[j]
		}
		if _, ok := lookup(l); ok || u == "" {
			out[j] = l
		} else {
			out[j] = u
		}
	}
	return out
}

// footerWords start the rows below a list that are not data: totals and
// signatures.
var footerWords = []string{"合计", "总计", "小计", "共计", "制表人", "制表", "审核人", "审核", "审批", "填报人", "填表人", "负责人",
	"经办人", "复核人", "打印日期", "打印时间", "制表日期", "填报日期", "填表日期", "报送日期", "注：", "注:", "说明：", "说明:", "备注："}

// skipKind classifies a row that failed to parse: a footer (totals,
// signatures), a header repeated on every printed page, or neither (0).
func skipKind(cells [][]byte) int {
	seen := 0
	for _, c := range cells {
		s := strings.TrimSpace(string(c))
		if s == "" {
			continue
		}
		for _, w := range footerWords {
			if strings.HasPrefix(s, w) {
				return skipFooter
			}
		}
		if seen++; seen == 3 {
			break
		}
	}
	hs := make([]string, len(cells))
	for i, c := range cells {
		hs[i] = string(c)
	}
	if _, k := mapHeader(hs); k >= 2 {
		return skipHeader
	}
	return 0
}

const (
	skipFooter = 1 + iota
	skipHeader
)
