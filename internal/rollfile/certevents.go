package rollfile

import (
	"jixiao/internal/cal"
	"jixiao/internal/cert"
	"jixiao/internal/cnid"
)

// The columns of a certification-event file (待遇资格认证记录), beside
// 身份证号, 姓名 and 来源 (数据来源).
func init() {
	add := func(f field, names ...string) {
		for _, n := range names {
			aliases[normHeader(n)] = alias{f: f}
		}
	}
	add(fCertDate, "认证日期", "认证时间", "认证年月日", "资格认证日期", "认证通过日期", "最近认证日期", "认证日期时间", "cert_date", "certified_on")
	add(fChannel, "认证方式", "认证渠道", "认证途径", "认证类型", "认证方式（渠道）", "认证方式/渠道", "channel", "cert_channel")
	add(fResult, "认证结果", "认证状态", "是否通过", "result")
	add(fNote, "备注", "证明材料", "佐证材料", "说明", "note", "evidence")
}

// ScanCertEvents reads a certification-event file (the provincial
// platform's export, or the towns' records of offline certifications).
// Required columns: 身份证号 and 认证日期; optional 姓名, 认证方式 (渠道),
// 认证结果 (拒绝/不通过 marks a refusal), 来源, 备注. A 15-digit ID is
// upgraded to 18. An 认证方式 the reader does not know is kept as 其他: the
// certification still counts. Each good row is passed to fn, possibly from
// several goroutines; the record is valid only during the call.
func ScanCertEvents(path string, opt Options, fn func(w int, r *cert.Record)) (Report, error) {
	opt.norm()
	recs := make([]padded[cert.Record], opt.Workers)
	return scan(path, opt, func(c *columns) string {
		return require(c, fID, fCertDate)
	}, func(w, line int, cols *columns, cells [][]byte) *RowError {
		r := &recs[w].v
		*r = cert.Record{File: path, Line: line}
		raw := cell(cols, cells, fID)
		r.ID = cnid.Normalize(raw)
		switch len(r.ID) {
		case 0:
			return bad(fID, raw, "身份证号为空 (empty ID)")
		case 15:
			id, err := cnid.Upgrade15(r.ID)
			if err != nil {
				return bad(fID, raw, "15位身份证号无效 (invalid 15-digit ID)")
			}
			r.ID = string(id)
		case 18:
			if _, ok := cnid.Key(r.ID); !ok {
				return bad(fID, raw, "身份证号前17位应为数字 (the first 17 characters must be digits)")
			}
		default:
			return bad(fID, raw, "身份证号长度错误 (ID length wrong)")
		}
		v := cell(cols, cells, fCertDate)
		d, ok := cal.ParseDate(certDatePart(v))
		if !ok {
			return bad(fCertDate, v, "日期无效 (invalid date)")
		}
		r.Date = d
		r.Name = cell(cols, cells, fName)
		ch := cell(cols, cells, fChannel)
		r.Channel, _ = cert.ParseChannel(ch)
		res := cell(cols, cells, fResult)
		r.Refused = cert.IsRefusal(res) || cert.IsRefusal(ch)
		r.Source = cell(cols, cells, fSource)
		if r.Source == "" {
			r.Source = opt.Source
		}
		r.Note = cell(cols, cells, fNote)
		fn(w, r)
		return nil
	})
}

// certDatePart drops a time of day after the date ("2024-03-05 10:22:31",
// "2024-03-05T10:22"), which platform exports often add.
// An Excel day number with a fraction (45356.4375) keeps its whole part.
func certDatePart(s string) string {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == ' ' || s[i] == 'T':
			return s[:i]
		case s[i] == '.' && i == 5 && len(digitsPrefix(s)) == 5:
			return s[:i]
		}
	}
	return s
}

func digitsPrefix(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return s[:i]
		}
	}
	return s
}

// ParseCertDate reads a certification date as ScanCertEvents does (a time
// of day after the date is dropped).
func ParseCertDate(s string) (cal.Date, bool) { return cal.ParseDate(certDatePart(s)) }
