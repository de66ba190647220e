package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"jixiao/internal/locale"
)

// The command line speaks one language: messages are written once as
// "中文 (english)" pairs and printed in Chinese by default, in English with
// --lang en (the flag of the commands that write files for people) or
// JIXIAO_LANG=en. Data on standard output (CSV, JSON) is left as it is.

// cliLang is the language asked for by args (--lang X / --lang=X) or the
// environment.
func cliLang(args []string) locale.Printer {
	lang := os.Getenv("JIXIAO_LANG")
	for i, a := range args {
		a = strings.TrimPrefix(a, "-")
		switch {
		case a == "-lang" || a == "lang":
			if i+1 < len(args) {
				lang = args[i+1]
			}
		case strings.HasPrefix(a, "-lang="), strings.HasPrefix(a, "lang="):
			lang = a[strings.Index(a, "=")+1:]
		}
	}
	return locale.New(lang)
}

// lineWriter passes whole lines through Printer.Line; Flush writes a last
// line without its newline.
type lineWriter struct {
	w   io.Writer
	p   locale.Printer
	buf []byte
}

func (lw *lineWriter) Write(b []byte) (int, error) {
	lw.buf = append(lw.buf, b...)
	for {
		i := bytes.IndexByte(lw.buf, '\n')
		if i < 0 {
			break
		}
		if _, err := io.WriteString(lw.w, lw.p.CLILine(string(lw.buf[:i]))+"\n"); err != nil {
			return 0, err
		}
		lw.buf = lw.buf[i+1:]
	}
	return len(b), nil
}

// Flush writes what is left of the last line.
func (lw *lineWriter) Flush() {
	if len(lw.buf) > 0 {
		io.WriteString(lw.w, lw.p.CLILine(string(lw.buf)))
		lw.buf = nil
	}
}

// messagesLang gives a command that writes no files for people the --lang
// flag every command takes: its messages' language (run reads it).
func messagesLang(fs *flag.FlagSet) *string {
	return fs.String("lang", "zh", "消息语言 zh|en (language of the messages)")
}

// say formats a report line: in Chinese as written (the default output
// is unchanged), in English from the catalogue.
func say(p locale.Printer, zh string, a ...any) string {
	if p.IsEN() {
		return p.Tf(zh, a...)
	}
	return fmt.Sprintf(zh, a...)
}

// datum is a name from the data (a person, a town, a scheme): in English
// it is quoted, so the reader sees it is the file's word, not a message.
func datum(p locale.Printer, s string) string {
	if p.IsEN() && strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
		return "“" + s + "”"
	}
	return s
}

// reportWriter is where a report for people goes to standard output: in
// English its bilingual lines ("中文 (english)") print in English; Chinese
// output passes as written. Call the returned flush when done.
func reportWriter(w io.Writer, p locale.Printer) (io.Writer, func()) {
	if !p.IsEN() {
		return w, func() {}
	}
	lw := &lineWriter{w: w, p: p}
	return lw, lw.Flush
}
