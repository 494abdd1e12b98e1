# schema_summarize.awk — the results table from schema.sh's rows (TSV: group, tool, round, wall s, max RSS KiB, CPU s).
#   awk -f bench/schema_summarize.awk -v tables=1000 build-bench/schema-results.tsv
# A tool whose name starts with "pg_dump" or "psql" is its group's floor. Each other run is divided by the
# floor's run of the same round (median and range of those ratios); a run with no floor run in its round
# (Alembic's single run) is divided by the floor's median instead.
function sort(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t } }
function median(a, n,   b, i) { for (i = 1; i <= n; i++) b[i] = a[i]; sort(b, n); return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2 }
function is_floor(tool) { return tool ~ /^pg_dump|^psql/ }
BEGIN { FS = "\t" }
{
  g = $1; t = $2; r = $3
  key = g SUBSEP t
  if (!(key in seen)) { seen[key] = 1; order[++nk] = key }
  n[key]++; secs[key, n[key]] = $4; cpu[key, n[key]] = $6
  if ($5 > rss[key]) rss[key] = $5
  if (is_floor(t)) { floor_of[g] = t; fsecs[g, r] = $4; fn[g]++; fall[g, fn[g]] = $4 } else { rounds[key, n[key]] = r }
}
END {
  print "| tool | workload | median s | min s | ratio to floor, median (range) | CPU s | max RSS MB | target | met |"
  print "|---|---|---:|---:|---:|---:|---:|---|---|"
  for (k = 1; k <= nk; k++) {
    split(order[k], p, SUBSEP); g = p[1]; t = p[2]; key = order[k]
    m = n[key]
    for (i = 1; i <= m; i++) { s[i] = secs[key, i]; c[i] = cpu[key, i] }
    med = median(s, m); cmed = median(c, m)
    lo = s[1]; for (i = 2; i <= m; i++) if (s[i] < lo) lo = s[i]
    if (g ~ /^dump/) { size = substr(g, 5); label = sprintf("read a %s-table schema (catalogs analyzed)", size == 1000 ? "1,000" : size) }
    else if (g ~ /^fresh/) { size = substr(g, 6); label = sprintf("read a %s-table schema just loaded (no catalog statistics)", size == 1000 ? "1,000" : size) }
    else if (g == "check") label = "check, 1,000 migrations at head"
    else if (g ~ /^diff/) { size = substr(g, 5); label = sprintf("diff two %s-table databases, ~5%% different", size == 1000 ? "1,000" : size) }
    else label = g
    ratio = "floor"; tgt = ""; met = ""
    if (!is_floor(t)) {
      nr = 0; vs_median = 0
      for (i = 1; i <= m; i++) {
        if ((g, rounds[key, i]) in fsecs) rr[++nr] = secs[key, i] / fsecs[g, rounds[key, i]]
        else if (fn[g] > 0) {
          for (j = 1; j <= fn[g]; j++) fa[j] = fall[g, j]
          rr[++nr] = secs[key, i] / median(fa, fn[g]); vs_median = 1
        }
      }
      ratio = "—"
      if (nr > 0) {
        for (i = 1; i <= nr; i++) cp[i] = rr[i]
        sort(cp, nr)
        mr = median(rr, nr)
        ratio = nr == 1 ? sprintf("%.2f×%s", mr, vs_median ? " (one run, to the floor's median)" : "") \
                        : sprintf("%.2f× (%.2f–%.2f)", mr, cp[1], cp[nr])
      }
      if (t ~ /^retort dump/ && (g == "dump" tables || g == "fresh" tables)) {
        tgt = "≤ 0.50× pg_dump"
        met = nr > 0 && mr <= 0.5 ? "yes" : "**no**"
      }
    }
    printf "| %s | %s | %.3f | %.3f | %s | %.3f | %.1f | %s | %s |\n", t, label, med, lo, ratio, cmed, rss[key] / 1024, tgt, met
  }
}
