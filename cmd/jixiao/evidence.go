package main

import (
	"encoding/json"
	"fmt"
	"os"

	"jixiao/internal/eval"
)

// addEvidence reads computed indicators (jixiao pay check --indicators)
// and adds the evidence.mismatch findings to every checked report.
func addEvidence(checked []checkedReport, path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var ev []eval.Evidence
	if err := json.Unmarshal(b, &ev); err != nil {
		return fmt.Errorf("%s: 不是指标 JSON (not an indicators file): %v", path, err)
	}
	for i := range checked {
		checked[i].res.Findings = append(checked[i].res.Findings, eval.CheckEvidence(checked[i].r, ev)...)
	}
	return nil
}
