"""Targets of issue 7, the terminal table and the JSON file (var/bench/<engine>.json)."""

import json
from pathlib import Path

from django.conf import settings

# target kind -> (description, check(result, engine) -> True/False)
TARGETS = {
    "page": ("p50 <= 10 ms, p95 <= 20 ms", lambda r, e: r["app_ms_p50"] <= 10 and r["app_ms_p95"] <= 20),
    "rare": ("p50 <= limit + 5 ms", lambda r, e: r["app_ms_p50"] <= (r["limit_ms_p50"] or 0) + 5),
    "common": (
        "p50 <= 40 ms (SQLite) / 15 ms (PostgreSQL)",
        lambda r, e: r["app_ms_p50"] <= (15 if e == "postgresql" else 40),
    ),
    # The issue gives no number for two words; its rule for a common word (3x the limit's best plan) applies.
    "words": ("p50 <= 3 x limit", lambda r, e: r["app_ms_p50"] <= 3 * (r["limit_ms_p50"] or 0)),
    "relevance": ("p95 <= 150 ms", lambda r, e: r["app_ms_p95"] <= 150),
    "api": ("p50 <= 6 ms", lambda r, e: r["app_ms_p50"] <= 6),
    "export": (
        ">= 20,000 rows/s, peak < 250 MB (own memory; file pages SQLite maps are the OS cache)",
        lambda r, e: r["rows_per_s"] >= 20_000 and r.get("peak_anon_mb", r["peak_mb"]) < 250,
    ),
    "info": ("(no target)", None),
}


def verdict(result, engine):
    description, check = TARGETS[result["target"]]
    if check is None or (result.get("app_ms_p50") is None and result["target"] != "export"):
        return "", description
    return ("met" if check(result, engine) else "MISSED"), description


def table(results, engine, out):
    """The results as a fixed-width table on `out` (a management command's stdout)."""
    out.write(f"{'operation':26} {'app p50':>9} {'app p95':>9} {'queries':>7} {'limit p50':>10} "
              f"{'naive p50':>10}  target")
    for name, r in results.items():
        state, description = verdict(r, engine)
        if r["target"] == "export":
            out.write(f"{name:26} {r['app_ms_p50']:9.0f} {'':>9} {r['queries'] or '':>7} {'':>10} {'':>10}  "
                      f"{r['rows']:,} rows, {r['rows_per_s']:,.0f} rows/s, peak {r['peak_mb']:.0f} MB "
                      f"(own {r.get('peak_anon_mb', 0):.0f} MB): "
                      f"{state} ({description})")
            continue
        queries = r["queries"] if r["queries"] is not None else ""
        out.write(
            f"{name:26} {_ms(r['app_ms_p50'])} {_ms(r['app_ms_p95'])} {queries:>7} "
            f"{_ms(r['limit_ms_p50'], 10)} {_ms(r['naive_ms_p50'], 10)}  {state} {description if state else ''}"
            .rstrip()
        )


def _ms(value, width=9):
    return f"{value:{width}.2f}" if value is not None else " " * width


def save(results, engine, meta, merge=False):
    """Write var/bench/<engine>.json (`merge`: update only these operations in it); returns its path."""
    folder = Path(settings.BASE_DIR) / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{engine}.json"
    for r in results.values():
        r["target_met"] = verdict(r, engine)[0] or None
    before = json.loads(path.read_text()) if merge and path.exists() else {}
    path.write_text(json.dumps({**before, **results, "_meta": meta}, indent=2, default=str) + "\n")
    return path


def markdown(path):
    """The results file at `path` as a Markdown table (for docs/performance.md)."""
    data = json.loads(Path(path).read_text())
    engine = data["_meta"]["engine"]
    lines = ["| operation | app p50 ms | app p95 ms | queries | limit p50 ms | naive p50 ms | target |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for name, r in data.items():
        if name.startswith("_"):
            continue
        state, description = verdict(r, engine)
        if r["target"] == "export":
            lines.append(f"| {name} ({r['rows']:,} rows) | {r['app_ms_p50']:,.0f} | | | | | "
                         f"{r['rows_per_s']:,} rows/s, peak RSS {r['peak_mb']:.0f} MB, "
                         f"own {r.get('peak_anon_mb', 0):.0f} MB: **{state}** |")
            continue
        cells = [_cell(r[k]) for k in ("app_ms_p50", "app_ms_p95")]
        refs = [_cell(r[k]) for k in ("limit_ms_p50", "naive_ms_p50")]
        target = f"**{state}** ({description})" if state else ""
        lines.append(f"| {name} | {cells[0]} | {cells[1]} | {r['queries']} | {refs[0]} | {refs[1]} | {target} |")
    return "\n".join(lines)


def _cell(value):
    return "" if value is None else f"{value:,.2f}"


def http_markdown(path):
    """The HTTP results file at `path` as a Markdown table."""
    data = json.loads(Path(path).read_text())
    lines = ["| run | connections | req/s | p50 ms | p99 ms | non-2xx |", "|---|---:|---:|---:|---:|---:|"]
    for name, r in data.items():
        if not name.startswith("_"):
            lines.append(f"| {name.split('@')[0]} | {r['connections']} | {r['rps'] or 0:,.0f} | {r['p50_ms']} | "
                         f"{r['p99_ms']} | {r['non_2xx']} |")
    return "\n".join(lines)
