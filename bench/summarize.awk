# summarize.awk — the results table from run.sh's rows (TSV: group, tool, round, wall s, max RSS KiB, CPU s).
#   awk -F'\t' -f bench/summarize.awk build-bench/bench-results.tsv
# A tool whose name starts with "psql" or "cat" is its group's floor. Each other run is divided by the
# floor's run of the same round; the table shows the median of those ratios and their range.
function sort(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t } }
function median(a, n) { sort(a, n); return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
function is_floor(tool) { return tool ~ /^psql|^cat/ }
BEGIN { FS = "\t" }
{
  g = $1; t = $2; r = $3
  key = g SUBSEP t
  if (!(key in seen)) { seen[key] = 1; order[++nk] = key }
  n[key]++; secs[key, n[key]] = $4; cpu[key, n[key]] = $6
  if ($5 > rss[key]) rss[key] = $5
  if (is_floor(t)) { floor_of[g] = t; fsecs[g, r] = $4 } else { rounds[key, n[key]] = r }
}
END {
  label["startup"] = "start-up, no database (heads: 1,000 files)"
  label["history"] = "10,000 revisions, no database"
  label["noop"] = "no-op, 1,000 applied"
  label["up_off"] = "upgrade 1,000, fsync off"; label["down_off"] = "downgrade 1,000, fsync off"
  label["up_on"] = "upgrade 1,000, fsync on"; label["down_on"] = "downgrade 1,000, fsync on"
  target["noop"] = 1.2; target["up_off"] = 1.05; target["down_off"] = 1.05
  target["up_on"] = 1.0; target["down_on"] = 1.0; target["history"] = 1.5
  print "| tool | workload | median s | min s | ratio to floor, median (range) | CPU s | max RSS MB | time target | time met | < 15 MB |"
  print "|---|---|---:|---:|---:|---:|---:|---|---|---|"
  for (k = 1; k <= nk; k++) {
    split(order[k], p, SUBSEP); g = p[1]; t = p[2]; key = order[k]
    m = n[key]
    for (i = 1; i <= m; i++) { s[i] = secs[key, i]; c[i] = cpu[key, i] }
    med = median(s, m); lo_s = s[1]; cmed = median(c, m)
    ratio = "floor"; tgt = ""; met = ""; mem = ""
    if (!is_floor(t)) {
      nr = 0
      for (i = 1; i <= m; i++) if ((g, rounds[key, i]) in fsecs) rr[++nr] = secs[key, i] / fsecs[g, rounds[key, i]]
      ratio = "—"
      if (nr > 0) {
        for (i = 1; i <= nr; i++) cp[i] = rr[i]
        sort(cp, nr)
        mr = median(rr, nr)
        ratio = sprintf("%.2f× (%.2f–%.2f)", mr, cp[1], cp[nr])
      }
      if (t ~ /^retort/ && (g in target)) {
        tgt = sprintf("≤ %.2f×", target[g])
        ok = nr > 0 && mr <= target[g]
        # history: within 1.5x of reading the files on a first run, under 30 ms once the folder is unchanged
        if (t == "retort history") { tgt = "< 30 ms"; ok = med < 0.030 }
        met = ok ? "yes" : "**no**"
        mem = rss[key] / 1024 < 15 ? "yes" : "**no**"
      }
    }
    printf "| %s | %s | %.3f | %.3f | %s | %.3f | %.1f | %s | %s | %s |\n", t, label[g], med, lo_s, ratio, cmed, rss[key] / 1024, tgt, met, mem
  }
}
