package export

import (
	"bytes"

	"github.com/xuri/excelize/v2"
)

func xlsxOpen(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := f.GetRows("汇总", excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	// Formulas are checked by text.
	if v, _ := f.GetCellFormula("汇总", "G3"); v != `IF(E3=0,"",F3/E3)` {
		return nil, errFormula(v)
	}
	return rows[1:], nil
}

type errFormula string

func (e errFormula) Error() string { return "execution-rate formula is " + string(e) }
