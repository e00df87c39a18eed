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

# shape X1 X2 X3 T1 T2 T3 UNIT: how T grows with X — constant when the last is within 25 % of the first,
# else linear (with its cost per UNIT), sublinear or superlinear from the marginal costs of both steps.
shape() {
    awk -v x1="$1" -v x2="$2" -v x3="$3" -v t1="$4" -v t2="$5" -v t3="$6" -v unit="$7" 'BEGIN {
        if (t3 <= 1.25 * t1) { print "constant"; exit }
        m1 = (t2 - t1) / (x2 - x1); m2 = (t3 - t2) / (x3 - x2); per = (t3 - t1) / (x3 - x1)
        if (unit ~ /^1,000/) per *= 1000
        if (m1 > 0 && m2 / m1 > 2) print "superlinear"
        else if (m1 > 0 && m2 / m1 < 0.5) print "sublinear"
        else printf "linear, ~%.1f ms per %s\n", per, unit
    }'
}
