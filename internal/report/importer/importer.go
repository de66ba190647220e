// Package importer reads a filled-in form of any kind jixiao knows — an
// .xlsx 评分表, a .docx report, or the plain-text form — choosing the
// reader by the file's content (zip containers are told apart by their
// parts) and name. Every reader is all or nothing and bounded by
// report.Limits.
package importer

import (
	"archive/zip"
	"bytes"
	"io"
	"path/filepath"
	"strings"

	"jixiao/internal/report"
	"jixiao/internal/report/docx"
	"jixiao/internal/report/plaintext"
	"jixiao/internal/report/table"
	"jixiao/internal/report/xlsx"
)

// Kind is the kind of file.
type Kind string

// Kinds of files.
const (
	KindXLSX Kind = "xlsx"
	KindDOCX Kind = "docx"
	KindText Kind = "text"
	KindXLS  Kind = "xls" // Excel 97–2003 (BIFF8)
)

// Sniff tells the kind of a file from its first bytes and its name.
func Sniff(name string, r io.ReaderAt, size int64) (Kind, error) {
	head := make([]byte, 4)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	ext := strings.ToLower(filepath.Ext(name))
	if bytes.HasPrefix(head, []byte("PK")) {
		if size > report.DefaultLimits.MaxUpload*64 {
			return "", report.Errorf(report.Pos{File: name}, "文件过大 (file too large): %v", report.ErrTooLarge)
		}
		zr, err := zip.NewReader(r, size)
		if err != nil {
			return "", report.Errorf(report.Pos{File: name}, "zip 容器损坏或不完整 (corrupt or truncated zip container): %v", err)
		}
		for _, f := range zr.File {
			switch {
			case f.Name == "word/document.xml":
				return KindDOCX, nil
			case f.Name == "xl/workbook.xml":
				return KindXLSX, nil
			}
		}
		return "", report.Errorf(report.Pos{File: name}, "zip 文件既不是 .xlsx 也不是 .docx (a zip that is neither .xlsx nor .docx)")
	}
	if bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		if ext == ".doc" {
			return "", report.Errorf(report.Pos{File: name}, "旧版 .doc 格式不受支持，请另存为 .docx (legacy .doc: save as .docx)")
		}
		return KindXLS, nil
	}
	if ext == ".xlsx" || ext == ".docx" {
		return "", report.Errorf(report.Pos{File: name}, "文件扩展名为 %s 但内容不是 zip 容器（文件损坏？）(not a zip container)", ext)
	}
	return KindText, nil
}

// Read reads one file. opt.Sheet picks among several candidate sheets;
// an unresolved choice is a *report.AmbiguousError.
func Read(name string, r io.ReaderAt, size int64, opt report.Options) (*report.Import, error) {
	lim := opt.Lim()
	if size > lim.MaxUpload {
		return nil, report.Errorf(report.Pos{File: name}, "文件 %d 字节，超过上限 %d 字节 (file too large): %v", size, lim.MaxUpload, report.ErrTooLarge)
	}
	kind, err := Sniff(name, r, size)
	if err != nil {
		return nil, err
	}
	switch kind {
	case KindXLSX:
		return xlsx.Read(name, r, size, opt)
	case KindDOCX:
		return docx.Read(name, r, size, opt)
	case KindXLS:
		return xlsx.ReadXLS(name, r, size, opt)
	}
	rs, err := plaintext.Read(filepath.Base(name), io.NewSectionReader(r, 0, size))
	if err != nil {
		// Not the seed reports' text: a form copied from a web page, a
		// spreadsheet or a PDF (rows of "|"- or tab-separated cells).
		data, rerr := io.ReadAll(io.NewSectionReader(r, 0, size))
		if rerr != nil {
			return nil, err
		}
		if imp, terr := table.ReadText(filepath.Base(name), string(data), opt); terr == nil {
			return imp, nil
		} else if strings.Contains(string(data), "三级指标") {
			return nil, terr // a form that could not be read: say why
		}
		// A 自评报告 in prose, with no table.
		if imp, ok, nerr := table.ReadNarrative(filepath.Base(name), string(data)); ok {
			return imp, nerr
		}
		return nil, err
	}
	return &report.Import{Reports: rs}, nil
}
