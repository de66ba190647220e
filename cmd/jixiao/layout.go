package main

import (
	"flag"
	"fmt"

	"jixiao/internal/eval"
)

// layoutFlag adds --layout to a command that writes documents.
func layoutFlag(fs *flag.FlagSet) *string {
	return fs.String("layout", "", "版式：situation（自我评价情况表）、report（绩效评价报告）、national（财预〔2020〕10号附件1 项目支出绩效自评表）；默认沿用读入文件的版式 (layout to write; default: the input's)")
}

// applyLayout sets the layout every report is written in; "" keeps each
// report's own.
func applyLayout(name string, reports []*eval.Report) error {
	if name == "" {
		return nil
	}
	for _, l := range eval.Layouts {
		if string(l) == name {
			for _, r := range reports {
				r.Layout = l
			}
			return nil
		}
	}
	return fmt.Errorf("未知版式 %q，可选 situation、report、national (unknown layout)", name)
}
