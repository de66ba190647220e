// Command duckdb-bench times DuckDB doing the exact-ID joins of a survival
// audit on the same CSV files jixiao reads: roll × death list and roll ×
// other-scheme roll, every matched row fetched into Go. It is the peer for
// the ratio in docs/audit.md. It lives in its own module because DuckDB
// needs cgo; the jixiao module stays cgo-free and does not depend on it.
//
//	go run . --roll /tmp/x/roll.csv --deaths /tmp/x/deaths.csv [--other /tmp/x/other.csv]
package main

import (
	"database/sql"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

func lit(path string) string { return "'" + strings.ReplaceAll(path, "'", "''") + "'" }

func csv(path string) string {
	return "read_csv(" + lit(path) + ", header=true, all_varchar=true)"
}

// join runs one exact-ID join and fetches every row; it returns the row count.
func join(db *sql.DB, q string) (int, error) {
	rows, err := db.Query(q)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	var a, b, c, d, e sql.NullString
	for rows.Next() {
		if err := rows.Scan(&a, &b, &c, &d, &e); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

func main() {
	roll := flag.String("roll", "", "roll CSV")
	deaths := flag.String("deaths", "", "death list CSV")
	other := flag.String("other", "", "other-scheme roll CSV (optional)")
	threads := flag.Int("threads", 0, "DuckDB threads (0 = all cores)")
	flag.Parse()
	if *roll == "" || *deaths == "" {
		flag.Usage()
		os.Exit(2)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer db.Close()
	if *threads > 0 {
		db.Exec(fmt.Sprintf("SET threads=%d", *threads))
	}
	joins := []struct{ name, sql string }{
		{"deaths", `SELECT r."身份证号", r."姓名", r."险种", r."镇（街道）", d."死亡日期" FROM ` + csv(*roll) + ` r JOIN ` + csv(*deaths) + ` d ON r."身份证号" = d."身份证号"`},
	}
	if *other != "" {
		joins = append(joins, struct{ name, sql string }{"duplicates",
			`SELECT r."身份证号", r."姓名", r."险种", r."镇（街道）", o."险种" FROM ` + csv(*roll) + ` r JOIN ` + csv(*other) + ` o ON r."身份证号" = o."身份证号"`})
	}
	var total time.Duration
	for _, j := range joins {
		t0 := time.Now()
		n, err := join(db, j.sql)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		took := time.Since(t0)
		fmt.Printf("duckdb %s exact join: %d rows in %s\n", j.name, n, took.Round(time.Millisecond))
		total += took
	}
	fmt.Printf("duckdb total: %s (%.3f s)\n", total.Round(time.Millisecond), total.Seconds())
}
