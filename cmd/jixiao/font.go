package main

import (
	"flag"
	"fmt"
	"io"

	"jixiao/internal/report/pdf"
)

// fontFlags adds --font and --heading-font to a command that writes PDFs;
// the returned function applies them after parsing.
func fontFlags(fs *flag.FlagSet) func() {
	body := fs.String("font", "", "PDF 正文字体文件（.ttf/.ttc，如 simfang.ttf 仿宋）；默认自动查找 (PDF body font file; default: searched, env "+pdf.FontEnv+")")
	head := fs.String("heading-font", "", "PDF 标题字体文件（如 simhei.ttf 黑体） (PDF heading font file; env "+pdf.HeadingFontEnv+")")
	return func() { pdf.UseFonts(*body, *head) }
}

// reportFonts says which fonts PDFs are set in, or why PDF export is not
// available, so that a server's operator learns it at start.
func reportFonts(stdout io.Writer) {
	f, err := pdf.FindFonts()
	if err != nil {
		fmt.Fprintf(stdout, "注意 (note): 不能导出 PDF (PDF export unavailable): %v\n", err)
		return
	}
	fmt.Fprintf(stdout, "PDF 字体 (fonts): %s\n", f.Describe())
}
