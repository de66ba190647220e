//go:build !unix

package rollfile

import (
	"errors"
	"os"
)

// mapFile is not available here; readers fall back to reading by blocks.
func mapFile(f *os.File, size int64) ([]byte, func(), error) {
	return nil, nil, errors.ErrUnsupported
}

// dropPages does nothing where files are not mapped.
func dropPages(data []byte, from, to int) {}
