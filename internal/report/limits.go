package report

import (
	"archive/zip"
	"errors"
	"io"
)

// Limits bound what one import may read. Office files are zip containers:
// a few kilobytes can declare gigabytes. Every reader checks the container
// against these limits before it decompresses anything, and archive/zip
// refuses an entry that inflates beyond its declared size.
type Limits struct {
	// MaxUpload is the largest file accepted, in bytes.
	MaxUpload int64
	// MaxUnzipped is the largest total declared uncompressed size of a zip
	// container, in bytes.
	MaxUnzipped int64
	// MaxEntries is the most files a zip container may hold.
	MaxEntries int
	// MaxRows is the most rows read from one sheet or table.
	MaxRows int
	// MaxCols is the most columns read from one row.
	MaxCols int
}

// DefaultLimits suit a 评分表 and its narrative with a wide margin: a real
// 评分表 has 20 rows and a report a few hundred kilobytes.
var DefaultLimits = Limits{
	MaxUpload:   20 << 20,
	MaxUnzipped: 100 << 20,
	MaxEntries:  2000,
	MaxRows:     20000,
	MaxCols:     64,
}

func (l Limits) orDefault() Limits {
	d := DefaultLimits
	if l.MaxUpload > 0 {
		d.MaxUpload = l.MaxUpload
	}
	if l.MaxUnzipped > 0 {
		d.MaxUnzipped = l.MaxUnzipped
	}
	if l.MaxEntries > 0 {
		d.MaxEntries = l.MaxEntries
	}
	if l.MaxRows > 0 {
		d.MaxRows = l.MaxRows
	}
	if l.MaxCols > 0 {
		d.MaxCols = l.MaxCols
	}
	return d
}

// ErrTooLarge marks an input beyond a limit.
var ErrTooLarge = errors.New("超出大小限制 (over the size limit)")

// OpenZip opens a zip container after checking it against the limits:
// upload size, entry count and total declared uncompressed size. A corrupt
// or truncated container gives a clear error naming the file.
func OpenZip(file string, r io.ReaderAt, size int64, lim Limits) (*zip.Reader, error) {
	lim = lim.orDefault()
	if size > lim.MaxUpload {
		return nil, Errorf(Pos{File: file}, "文件 %d 字节，超过上限 %d 字节 (file too large): %v", size, lim.MaxUpload, ErrTooLarge)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, Errorf(Pos{File: file}, "不是有效的 Office 文件（zip 容器损坏或不完整）(corrupt or truncated zip container): %v", err)
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, Errorf(Pos{File: file}, "zip 容器含 %d 个文件，超过上限 %d (too many entries): %v", len(zr.File), lim.MaxEntries, ErrTooLarge)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(lim.MaxUnzipped) || f.UncompressedSize64 > uint64(lim.MaxUnzipped) {
			return nil, Errorf(Pos{File: file}, "解压后超过 %d 字节（可能是 zip 炸弹）(decompressed size over the limit, possibly a zip bomb): %v", lim.MaxUnzipped, ErrTooLarge)
		}
	}
	return zr, nil
}

// FindEntry returns the entry named name, or nil.
func FindEntry(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}
