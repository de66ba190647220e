package plaintext

import (
	"io"

	"golang.org/x/text/encoding/simplifiedchinese"
)

var errEOF = io.EOF

func encodeGB(s string) (string, error) {
	return simplifiedchinese.GB18030.NewEncoder().String(s)
}
