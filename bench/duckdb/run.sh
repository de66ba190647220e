#!/usr/bin/env bash
# Times jixiao's full matching and DuckDB's exact-ID join on the same files
# and prints the ratio. Usage: bench/duckdb/run.sh DIR   (DIR from `jixiao gen`)
set -euo pipefail
dir=${1:?usage: run.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
(cd "$root" && CGO_ENABLED=0 go build -o /tmp/jixiao-bench-bin ./cmd/jixiao)
(cd "$here" && go build -o /tmp/duckdb-bench-bin .)
other=()
jother=()
if [[ -f "$dir/other.csv" && "${NO_OTHER:-}" == "" ]]; then other=(--other "$dir/other.csv"); jother=(--other "$dir/other.csv"); fi
sub=deaths
if (( ${#other[@]} )); then sub=month; fi
start=$(date +%s.%N)
/usr/bin/time -f "jixiao max RSS %M KB, elapsed %e s" /tmp/jixiao-bench-bin audit $sub --roll "$dir/roll.csv" --deaths "$dir/deaths.csv" "${jother[@]}" --as-of 2024-06 --out /tmp/jixiao-bench-out.csv 2> /tmp/jixiao-bench-err.txt
end=$(date +%s.%N)
cat /tmp/jixiao-bench-err.txt
j=$(echo "$end - $start" | bc)
start=$(date +%s.%N)
/usr/bin/time -f "duckdb max RSS %M KB, elapsed %e s" /tmp/duckdb-bench-bin --roll "$dir/roll.csv" --deaths "$dir/deaths.csv" "${other[@]}"
end=$(date +%s.%N)
d=$(echo "$end - $start" | bc)
echo "jixiao ${j} s (full matching) / duckdb ${d} s (exact-ID join), both process wall time: ratio $(echo "scale=2; $j / $d" | bc)"
