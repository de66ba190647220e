package pdf

import (
	"errors"
	"fmt"
	"os"
	"sync"
)

// FontEnv names an environment variable that may point at a TrueType font
// (glyf outlines, .ttf, not .ttc or CFF .otf) to use instead of the Debian
// fonts below.
const FontEnv = "JIXIAO_PDF_FONT"

// FontCandidates are the fonts looked for, in order, with the Debian
// package that installs each. Both are TrueType-outline fonts that cover
// Latin and Chinese, which fpdf needs; neither is downloaded at run time.
var FontCandidates = []struct{ Path, Package, Licence string }{
	{"/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", "fonts-arphic-gbsn00lp", "Arphic Public License"},
	{"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", "fonts-lxgw-wenkai", "SIL OFL 1.1"},
}

// ErrNoFont means no usable Chinese font was found.
var ErrNoFont = errors.New("找不到中文 TrueType 字体：请安装 fonts-arphic-gbsn00lp（apt-get install fonts-arphic-gbsn00lp）或设置 " + FontEnv +
	" (no Chinese TrueType font: install fonts-arphic-gbsn00lp or set " + FontEnv + ")")

var (
	fontOnce sync.Once
	fontData []byte
	fontPath string
	fontErr  error
)

// Font returns the bytes and path of the Chinese font PDFs are set in. It
// reads the file once per process.
func Font() ([]byte, string, error) {
	fontOnce.Do(func() {
		if p := os.Getenv(FontEnv); p != "" {
			fontData, fontErr = os.ReadFile(p)
			fontPath = p
			if fontErr != nil {
				fontErr = fmt.Errorf("%s=%s: %w", FontEnv, p, fontErr)
			}
			return
		}
		for _, c := range FontCandidates {
			if b, err := os.ReadFile(c.Path); err == nil {
				fontData, fontPath = b, c.Path
				return
			}
		}
		fontErr = ErrNoFont
	})
	return fontData, fontPath, fontErr
}
