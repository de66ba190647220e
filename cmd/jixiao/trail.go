package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"jixiao/internal/project"
)

// runTrail checks the trail's chain: `jixiao trail verify --db …`. It
// exits 0 with the row count and head hash when every row matches, 1
// naming the first row altered, removed or inserted out of order.
func runTrail(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(stderr, "用法 (usage): jixiao trail verify --db FILE|postgres://…")
		return 2
	}
	fs := flag.NewFlagSet("trail verify", flag.ContinueOnError)
	messagesLang(fs)
	fs.SetOutput(stderr)
	dbFlag := fs.String("db", os.Getenv("JIXIAO_DB"), "数据库 (database; env JIXIAO_DB)")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *dbFlag == "" {
		fmt.Fprintln(stderr, "jixiao trail verify: --db is required")
		return 2
	}
	ctx := context.Background()
	st, err := project.Open(ctx, *dbFlag)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao trail: %v\n", err)
		return 1
	}
	defer st.Close()
	start := time.Now()
	c, err := st.VerifyTrail(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao trail: %v\n", err)
		return 1
	}
	if !c.OK {
		fmt.Fprintf(stdout, "日志被篡改 (trail tampered with): %s\n", c.Problem)
		return 1
	}
	fmt.Fprintf(stdout, "日志完整 (trail intact): %d 条 (rows), 链头 (head) %s, %.2f s\n", c.Rows, c.Head, time.Since(start).Seconds())
	return 0
}
