// Package locale translates jixiao's interface. Chinese (zh-CN) is the
// default and the catalogue's key: templates write the Chinese text, and
// the English catalogue maps it. A key missing from the catalogue prints
// as written, and a test keeps the catalogue complete.
package locale

import (
	"fmt"
	"net/http"
	"strings"
)

// Languages.
const (
	ZH = "zh-CN"
	EN = "en"
)

// Printer prints messages in one language.
type Printer struct{ Lang string }

// New returns a printer for lang; anything but English is Chinese.
func New(lang string) Printer {
	if lang == EN {
		return Printer{EN}
	}
	return Printer{ZH}
}

// FromRequest picks the language from the "lang" cookie, else zh-CN.
// Accept-Language is deliberately ignored: the office default is Chinese
// whatever the browser says, and the switch is one click.
func FromRequest(r *http.Request) Printer {
	if c, err := r.Cookie("lang"); err == nil {
		return New(c.Value)
	}
	return New(ZH)
}

// T translates a Chinese message. A bilingual message ("中文 (english)")
// not in the catalogue prints in the printer's language only.
func (p Printer) T(zh string) string {
	if p.Lang != EN {
		return p.One(zh)
	}
	if en, ok := english[zh]; ok {
		return en
	}
	return p.One(zh)
}

// Tf translates a format and fills it.
func (p Printer) Tf(zh string, args ...any) string { return fmt.Sprintf(p.T(zh), args...) }

// Pick returns zh or en by language, for text that comes in both forms
// (the engine's findings).
func (p Printer) Pick(zh, en string) string {
	if p.Lang == EN && en != "" {
		return en
	}
	return zh
}

// IsEN reports whether the printer prints English.
func (p Printer) IsEN() bool { return p.Lang == EN }

// Has reports whether the English catalogue has a message, for tests.
func Has(zh string) bool {
	_, ok := english[zh]
	return ok || !hasHan(zh)
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) >= 0
}
