"""The bench's one table: every figure with the ratio and budget it is judged by."""

from __future__ import annotations

from typing import Any

from local.bench.common import ABSENT

FIRST_ROUND_TRIP = 14 * 1024
STACK = "stack floor (fixed packages)"
FLOOR_GETITEM = "floor + GetItem, moto server"


def _verdict(ok: bool) -> str:
    return "ok" if ok else "OVER BUDGET"


def _ratio(name: str, value: float, limit: float, strict: bool = False) -> str:
    ok = value < limit if strict else value <= limit
    return f"  {name:<50}{value:>7.2f}x  budget {'<' if strict else '<='} {limit:g}x  {_verdict(ok)}"


def _reference(name: str, value: float, meaning: str = "") -> str:
    """A ratio shown to explain the budgeted ones, judged by none."""
    return f"  {name:<50}{value:>7.2f}x  {f'({meaning})' if meaning else ''}".rstrip()


def cold_lines(cold: dict[str, Any], repeats: int) -> list[str]:
    lines = [f"== Cold start: handler import + first request, median of {repeats} fresh processes (ms) =="]
    lines.append("  (interpreter start-up excluded; Lambda-like copies: /var/task + /opt/python, read-only; the floors")
    lines.append("   use the runtime's boto3, the others the layer's as built, botocore keeping only the models we")
    lines.append("   call; storage: in-memory repository or boto3 -> moto server on loopback)")
    lines.append(f"  {'':<34}{'sources only':>14}{'cp313 bytecode':>16}")
    names = list(cold["source"])
    for name in names:
        lines.append(
            f"  {name:<34}{cold['source'][name]['median_ms']:>14.1f}{cold['compiled'][name]['median_ms']:>16.1f}"
        )
    if not any(name.startswith("tracker") for name in names):
        lines.append(f"  {'tracker page':<34}{ABSENT}")
    for variant, label in (("source", "sources only"), ("compiled", "bytecode")):
        medians = {name: row["median_ms"] for name, row in cold[variant].items()}
        floor, stack = medians["floor"], medians[STACK]
        for storage in ("in-memory", "moto server"):
            site, peer = medians[f"site article, {storage}"], medians[f"peer article, {storage}"]
            lines.append(_ratio(f"site/floor, {storage}, {label}", site / floor, 1.3))
            lines.append(_ratio(f"site/peer, {storage}, {label}", site / peer, 1.0, strict=True))
        tracker = medians.get("tracker page, moto server")
        if tracker is not None:
            lines.append(_ratio(f"tracker/floor, moto server, {label}", tracker / floor, 1.3))
        lines.append(_reference(f"stack floor/floor, {label}", stack / floor, "the fixed packages alone"))
        lines.append(_reference(f"site/stack floor, in-memory, {label}", medians["site article, in-memory"] / stack))
        reader = medians[FLOOR_GETITEM]
        lines.append(_reference(f"floor + GetItem/floor, {label}", reader / floor, "a first DynamoDB read alone"))
        site_moto = medians["site article, moto server"]
        # The honest limit of the fixed stack: the floor plus the one read an article needs.
        lines.append(_ratio(f"site/(floor + GetItem), moto server, {label}", site_moto / reader, 1.10))
    return lines


def warm_lines(warm: dict[str, Any], rounds: int = 1) -> list[str]:
    lines = [f"== Warm: ms per invocation, pooled over {rounds} warm process(es) per contender, interleaved =="]
    lines.append("  (site pages: in-memory repository behind the same interface; tracker: boto3 -> moto server)")
    lines.append(f"  {'':<34}{'p50':>9}{'p99':>9}{'n':>7}")
    for name, row in warm.items():
        lines.append(f"  {name:<34}{row['p50_ms']:>9.3f}{row['p99_ms']:>9.3f}{row['n']:>7}")
    if not any(name.startswith("tracker") for name in warm):
        lines.append(f"  {'tracker page':<34}{ABSENT}")
    site = warm["site article"]["p50_ms"]
    lines.append(_ratio("site article / peer article, p50", site / warm["peer article"]["p50_ms"], 0.5))
    lines.append(_ratio("site article / template alone, p50", site / warm["template article"]["p50_ms"], 2.0))
    return lines


def request_lines(requests: dict[str, Any]) -> list[str]:
    lines = ["== DynamoDB requests per page view (first request, botocore event hooks, moto) =="]
    for page, row in requests.items():
        if "not_measured" in row:
            lines.append(f"  {page:<34}{row['not_measured']}")
            continue
        calls = ", ".join(f"{op} {n}" for op, n in sorted(row["calls"].items())) or "none"
        expected = {"article": {"GetItem": 1}, "tracker": {"Query": 1}}.get(page)
        verdict = "" if expected is None else ("  ok" if row["calls"] == expected else f"  EXPECTED {expected}")
        lines.append(f"  {page:<34}{calls}{verdict}")
    return lines


def weight_lines(weight: dict[str, Any]) -> list[str]:
    lines = ["== Page weight (bytes) ==", f"  {'':<34}{'raw':>9}{'gzip':>9}"]
    for page in ("article", "community", "home"):
        row = weight[page]
        tags = row["script_tags"]
        lines.append(f"  {page + ' HTML':<34}{row['html']:>9}{row['html_gzip']:>9}   <script> tags: {tags}")
    lines.append(f"  {'stylesheet (one, shared)':<34}{weight['css']['raw']:>9}{weight['css']['gzip']:>9}")
    lines.append(f"  {'JavaScript':<34}{0:>9}{0:>9}")
    wire = weight["article on the wire, gzip"]
    ok = wire["total"] <= FIRST_ROUND_TRIP
    total = wire["total"]
    lines.append(f"  article HTML + CSS as served, gzip: {total} B  budget <= {FIRST_ROUND_TRIP} B  {_verdict(ok)}")
    return lines


def scaling_lines(scaling: dict[str, Any]) -> list[str]:
    lines = ["== Scaling: publishing N synthetic articles (TransactWriteItems of 25 articles; botocore with canned"]
    lines.append("   DynamoDB answers: moto copies the table per transaction) and viewing one with N in moto ==")
    lines.append(f"  {'N':>6}{'publish s':>11}{'ms/article':>12}{'items':>8}{'transactions':>14}{'view p50 ms':>13}")
    for size, row in scaling.items():
        view = f"{row['article_view_p50_ms']:>13.3f}" if "article_view_p50_ms" in row else f"{'':>13}"
        lines.append(
            f"  {size:>6}{row['publish_s']:>11.2f}{row['ms_per_article']:>12.2f}{row['items_written']:>8}"
            f"{row['transactions']:>14}{view}"
        )
    sizes = list(scaling)
    small, large = scaling[sizes[0]], scaling[sizes[-1]]
    per_article = large["ms_per_article"] / small["ms_per_article"]
    lines.append(f"  ms/article at N={sizes[-1]} vs N={sizes[0]}: {per_article:.2f}x (1.0 = linear)")
    if "article_view_p50_ms" in small and "article_view_p50_ms" in large:
        flat = large["article_view_p50_ms"] / small["article_view_p50_ms"]
        lines.append(f"  article view p50 at N={sizes[-1]} vs N={sizes[0]}: {flat:.2f}x (1.0 = flat)")
    return lines


def tracker_lines(tracker_scaling: dict[str, Any]) -> list[str]:
    """The tracker page and one POST for each tracker, as ratios to the base: one full page (FULL_PAGE entries, as
    many rows and the same links as every larger tracker) whose weights span every change the page shows."""
    from local.bench.tracker import BASE, GOAL

    if "not_measured" in tracker_scaling:
        return [f"  tracker page and POST by entries: {tracker_scaling['not_measured']}"]
    lines = [
        "== Tracker by size: p50 per request, the requests taking turns. 'own' = the function without storage time",
        "   (the table is in a moto server in another process; 'units' = strongly consistent read units).",
        f"   xbase = ratio to {BASE.name}: one full page and a link to older ones, as every larger tracker shows,",
        f"   spanning the 1, 3 and 6-month changes and the notice's window (goal: own time within {GOAL}x, the same",
        "   read units) ==",
        f"  {'entries':>16}  {'request':<8}{'total ms':>9}{'own ms':>9}{'xbase':>6}{'units':>7}{'calls':>7}",
    ]
    base = tracker_scaling[BASE.name]
    for name, rows in tracker_scaling.items():
        for kind in ("page", "post"):
            row = rows[kind]
            own = row["own_p50_ms"] / base[kind]["own_p50_ms"]
            same_units = row["read_units"] == base[kind]["read_units"]
            verdict = "ok" if own <= GOAL and same_units else f"over {GOAL}x" if same_units else "read units differ"
            lines.append(
                f"  {name:>16}  {kind:<8}{row['p50_ms']:>9.2f}{row['own_p50_ms']:>9.2f}{own:>6.2f}"
                f"{row['read_units']:>7}{row['requests']:>7}   {verdict} (status {row['status']})"
            )
    return lines


def table(results: dict[str, Any]) -> str:
    machine = results["machine"]
    lines = [
        f"Readwell bench - {machine['nproc']} cores, {machine['cpu']}, Python {machine['python']}, "
        f"load average {machine['load_average']} (shared machine: compare ratios, not absolute times)",
        "",
    ]
    if "cold" in results:
        lines += [*cold_lines(results["cold"], results["settings"]["repeats"]), ""]
    if "warm" in results:
        lines += [*warm_lines(results["warm"], results["settings"].get("rounds", 1)), ""]
    if "requests" in results:
        lines += [*request_lines(results["requests"]), ""]
    if "weight" in results:
        lines += [*weight_lines(results["weight"]), ""]
    if "scaling" in results:
        lines += scaling_lines(results["scaling"])
    if "tracker_scaling" in results:
        lines += tracker_lines(results["tracker_scaling"])
    if "snapstart" in results:
        lines += ["", *snapstart_lines(results["snapstart"])]
    if "edge" in results:
        lines += ["", *edge_lines(results["edge"])]
    return "\n".join(lines)


def snapstart_lines(snapstart: dict[str, Any]) -> list[str]:
    lines = ["== SnapStart: the first request after a restore, against the warm p50 (ms, the site's article) =="]
    lines.append("  (one fresh process each: init, then the snapshot hooks as Lambda runs them, then the restore")
    lines.append("   hooks and the first request; a local stand-in for a restore, which the machine cannot do)")
    for name in ("primed", "unprimed"):
        row = snapstart[name]
        lines.append(f"  {name:<34}first {row['first_ms']:>7.1f}   warm p50 {row['warm_p50_ms']:>6.2f}")
    lines.append(
        _ratio("primed first / warm p50", snapstart["primed"]["first_ms"] / snapstart["primed"]["warm_p50_ms"], 1.5)
    )
    lines.append(
        _reference(
            "unprimed first / warm p50", snapstart["unprimed"]["first_ms"] / snapstart["unprimed"]["warm_p50_ms"]
        )
    )
    return lines


def edge_lines(edge: dict[str, Any]) -> list[str]:
    lines = [
        f"== Edge cache: {edge['views_a_day']:,} article views a day, Zipf over {edge['articles']:,} articles, "
        f"{edge['variants']} display variants, 1% republished a day ==",
        f"  ({edge['cache_control']}; through local/edge/emulator.py, built from template.yaml's cache policies)",
    ]
    for name, label in (("first_day", "first day, from an empty cache"), ("steady_day", "a steady day")):
        day = edge[name]
        lines.append(
            f"  {label:<34}{day['origin_invocations_per_1000']:>7.1f} invocations and "
            f"{day['origin_kb_per_1000']:>6.0f} KB from the origin per 1,000 views"
        )
    steady = edge["steady_day"]["origin_invocations_per_1000"]
    name = "origin invocations per 1,000 views, steady day"
    lines.append(f"  {name:<50}{steady:>7.1f}   budget <= 50  {_verdict(steady <= 50)}")
    return lines
