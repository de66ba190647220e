package plaintext

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// MaxSize is the largest file Read accepts. A prefecture's year of reports
// (10,000 of them) is about 50 MB of text.
const MaxSize = 128 << 20

// line is one line of the file with its number.
type line struct {
	n    int
	text string
}

// readLines reads the whole input, checks that it is text, and splits it
// into lines. UTF-8 is expected (a BOM is dropped); a file that is not valid
// UTF-8 but is valid GB18030 is decoded as such.
func readLines(name string, r io.Reader) ([]line, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, ErrorList{{File: name, Line: 0, Msg: "读取失败 (read failed): " + err.Error()}}
	}
	if len(data) > MaxSize {
		return nil, ErrorList{{File: name, Line: 0, Msg: fmt.Sprintf("文件超过 %d MB，请拆分后导入 (file larger than %d MB; split it)", MaxSize>>20, MaxSize>>20)}}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, ErrorList{{File: name, Line: 1, Msg: "文件为空 (file is empty)"}}
	}
	valid := utf8.Valid(data)
	if !valid {
		if dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data); err == nil && utf8.Valid(dec) && !bytes.ContainsRune(dec, utf8.RuneError) {
			data, valid = dec, true
		}
	}
	text := string(data)
	out := make([]line, 0, bytes.Count(data, []byte{'\n'})+1)
	var errs ErrorList
	for n := 1; ; n++ {
		s, rest, more := strings.Cut(text, "\n")
		s = strings.TrimSuffix(s, "\r")
		if binaryish(s) || !valid && !utf8.ValidString(s) {
			errs = append(errs, &Error{File: name, Line: n, Msg: "不是文本（二进制内容或未知编码） (not text: binary data or unknown encoding)"})
			if len(errs) >= 20 {
				break
			}
		} else {
			out = append(out, line{n, s})
		}
		if !more {
			break
		}
		text = rest
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// readAll reads up to MaxSize+1 bytes, sizing the buffer once when the
// reader knows its length (a file, a bytes.Reader).
func readAll(r io.Reader) ([]byte, error) {
	size := 0
	switch v := r.(type) {
	case interface{ Len() int }:
		size = v.Len()
	case interface{ Stat() (os.FileInfo, error) }:
		if st, err := v.Stat(); err == nil {
			size = int(min(st.Size(), MaxSize+1))
		}
	}
	if size <= 0 || size > MaxSize {
		return io.ReadAll(io.LimitReader(r, MaxSize+1))
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+1))
	_, err := buf.ReadFrom(io.LimitReader(r, MaxSize+1))
	return buf.Bytes(), err
}

// binaryish reports control characters other than tab, which text reports
// never contain.
func binaryish(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' || c == 0x7f {
			return true
		}
	}
	return false
}
