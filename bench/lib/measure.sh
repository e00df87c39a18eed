# Side-by-side timing for bench/run: two commands alternate run by run (A, B, A, B…) so that a noisy
# machine slows both alike; the report is each median and the median of the run-by-run ratios A/B.

# now_ns: wall clock in nanoseconds without forking (bash 5's EPOCHREALTIME).
now_ns() { local t=${EPOCHREALTIME/./}; echo "${t}000"; }

# median FILE: the median of the numbers in FILE, one a line.
median() { sort -g "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# time_once OUT PREPARE COMMAND: runs PREPARE untimed, then COMMAND timed; appends its milliseconds to OUT.
time_once() {
    local out=$1 prepare=$2 command=$3 start end
    eval "$prepare" >/dev/null 2>&1
    start=$(now_ns)
    eval "$command" >/dev/null 2>&1 || echo "bench: failed: $command" >&2
    end=$(now_ns)
    echo "$(( (end - start) / 1000 ))" | awk '{ printf "%.3f\n", $1 / 1000 }' >> "$out"
}

# compare ID RUNS PREP_A A PREP_B B: alternates A and B; sets MEDIAN_A, MEDIAN_B, RATIO (median of A/B).
compare() {
    local id=$1 runs=$2 prep_a=$3 a=$4 prep_b=$5 b=$6 i
    local fa="$bench_out/$id.a" fb="$bench_out/$id.b"
    : > "$fa"; : > "$fb"
    for ((i = 0; i < runs; i++)); do
        time_once "$fa" "$prep_a" "$a"
        time_once "$fb" "$prep_b" "$b"
    done
    paste "$fa" "$fb" | awk '$2 > 0 { print $1 / $2 }' > "$bench_out/$id.ratio"
    MEDIAN_A=$(median "$fa"); MEDIAN_B=$(median "$fb"); RATIO=$(median "$bench_out/$id.ratio")
}

# single ID RUNS PREP COMMAND: times one command alone; sets MEDIAN_A.
single() {
    local id=$1 runs=$2 prep=$3 command=$4 i
    : > "$bench_out/$id.a"
    for ((i = 0; i < runs; i++)); do time_once "$bench_out/$id.a" "$prep" "$command"; done
    MEDIAN_A=$(median "$bench_out/$id.a")
}

# ms VALUE: a millisecond figure as the table prints it.
ms() { awk -v v="$1" 'BEGIN { if (v >= 100) printf "%.0f ms", v; else printf "%.1f ms", v }'; }
ratio() { awk -v v="$1" 'BEGIN { printf "%.2f×", v }'; }
# meets VALUE GOAL: "yes" when VALUE ≤ GOAL.
meets() { awk -v v="$1" -v g="$2" 'BEGIN { print (v <= g ? "yes" : "**no**") }'; }

# row FIGURE A B RATIO GOAL MET: one line of the results table.
row() { printf '| %s | %s | %s | %s | %s | %s |\n' "$@" >> "$bench_results"; }
