#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the guest's `make bench` output into a table and a JSON file.

usage: bench-table.py BENCH.LOG OUT.json [SECTIONS.txt]

Reads the key=value lines between "MARKERS-HARNESS-BEGIN bench" and
"MARKERS-HARNESS-END bench" (written by harness/guest/bench.sh from
/sys/kernel/debug/markers_benchmark), one such block per boot, and
optionally the host's section sizes of the scale modules
(gen-scale-module.py sections).  A ratio is taken within each boot; the
table gives the median over the boots and each boot's, a case's time the
median over the boots of its medians.  Prints the table and writes the
same figures as JSON.  Reports only: the exit status says whether the log
could be read, never whether a figure met its target.
"""
import json
import os
import re
import statistics
import sys

# Sites in the site_* modules of gen-scale-module.py.
SITES = 256
KV = re.compile(r'([\w.]+)=(\S+)')


def parse_line(line):
    kind, _, rest = line.partition(" ")
    fields = {}
    for k, v in KV.findall(rest):
        try:
            fields[k] = int(v)
        except ValueError:
            fields[k] = v
    return kind, fields


def read_log(path):
    """The entries of each complete bench block, a list per boot."""
    boots, lines, inside = [], [], False
    with open(path, errors="replace") as f:
        for raw in f:
            line = raw.strip()
            if line == "MARKERS-HARNESS-BEGIN bench":
                inside, lines = True, []
            elif line == "MARKERS-HARNESS-END bench" and inside:
                inside = False
                boots.append(lines)
            elif inside and re.match(r'^(config|case|hits|arm|arm_all|scale|scale_clock|slabpart|status) ', line):
                lines.append(parse_line(line))
    return [b for b in boots if b]


def ratio(a, b):
    return round(a / b, 4) if b else None


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    boots = read_log(sys.argv[1])
    if not boots:
        sys.exit("bench-table: no benchmark output in %s" % sys.argv[1])
    res = {"config": {}, "cases": {}, "hits": {}, "arm": {}, "ratios": {},
           "scale": {}, "arm_all": {}, "sections": {}, "slab_parts": {},
           "status": {}, "boots": len(boots)}
    scale_raw = {}
    # Each boot's cases, then a case's median over the boots (in the order
    # the cases first appear); the other lines: every boot's scale
    # repetitions, the last boot's for the rest.
    boot_cases = [{f["name"]: {"median_ns": f["median_ps"] / 1000,
                               "min_ns": f["min_ps"] / 1000}
                   for kind, f in entries if kind == "case"}
                  for entries in boots]
    for name in dict.fromkeys(n for bc in boot_cases for n in bc):
        per = [bc[name] for bc in boot_cases if name in bc]
        res["cases"][name] = {
            "median_ns": statistics.median(x["median_ns"] for x in per),
            "min_ns": min(x["min_ns"] for x in per)}
    for kind, f in (e for entries in boots for e in entries):
        if kind == "config":
            res["config"] = f
        elif kind == "hits":
            res["hits"][f["case"]] = f["hits"]
        elif kind == "arm":
            res["arm"][f.pop("name")] = f
        elif kind == "arm_all":
            res["arm_all"][f.pop("module")] = f
        elif kind == "scale":
            scale_raw.setdefault(f.pop("module"), []).append(f)
        elif kind == "slabpart":
            res["slab_parts"].setdefault(f["module"], {})[f["cache"]] = f["bytes"]
        elif kind == "scale_clock":
            res["config"]["clock_overhead_ns"] = f.get("overhead_ns")
        elif kind == "status":
            res["status"].update(f)
    if len(sys.argv) == 4:
        with open(sys.argv[3]) as sf:
            for line in sf:
                kind, f = parse_line(line.strip())
                if kind == "sections":
                    res["sections"][f.pop("module")] = f

    c = res["cases"]

    def r(a, b, which="median_ns", cases=c):
        if a in cases and b in cases:
            return ratio(cases[a][which], cases[b][which])
        return None

    ratio_defs = [
        ("marker_off/base_off", "marker_off", "base_off", 1.02),
        ("tp_off/base_off", "tp_off", "base_off", None),
        ("dbg_off/base_off", "dbg_off", "base_off", None),
        ("marker_off/tp_off", "marker_off", "tp_off", 1.0),
        ("marker_frame/base_frame", "marker_frame", "base_frame", 1.02),
        ("tp_frame/base_frame", "tp_frame", "base_frame", None),
        ("marker_empty/tp_empty", "marker_empty", "tp_empty", 1.25),
        ("marker_empty/relay_empty", "marker_empty", "relay_empty", None),
        ("relay_empty/tp_empty", "relay_empty", "tp_empty", None),
        ("marker_empty_va/tp_empty_va", "marker_empty_va", "tp_empty_va", 2.0),
        ("marker_counter/tp_counter", "marker_counter", "tp_counter", 1.0),
        ("marker_event/tp_event", "marker_event", "tp_event", 1.1),
        ("marker_bpf/tp_bpf", "marker_bpf", "tp_bpf", 1.2),
    ]
    for key, a, b, target in ratio_defs:
        each = [x for x in (r(a, b, cases=bc) for bc in boot_cases)
                if x is not None]
        res["ratios"][key] = {
            "median": round(statistics.median(each), 4) if each else None,
            "boots": each, "min": r(a, b, "min_ns"), "target": target}
    # What the instrumentation adds to the body, armed, net of the baseline.
    for mode in ("empty", "empty_va", "counter", "event", "bpf"):
        base = "base_" + mode
        for who in ("marker", "tp", "relay"):
            name = "%s_%s" % (who, mode)
            if name in c and base in c:
                c[name]["added_median_ns"] = round(c[name]["median_ns"] - c[base]["median_ns"], 3)

    for mod, reps in scale_raw.items():
        agg = {}
        for k in reps[0]:
            vals = [x[k] for x in reps if isinstance(x.get(k), int)]
            if k != "rep" and vals:
                agg[k] = statistics.median(vals)
        agg["reps"] = len(reps)
        res["scale"][mod] = agg

    # Per-marker memory and load cost against the compiled-out module.
    per = {}
    for on, n in (("scale_distinct", 10000), ("scale_inst", 1000)):
        off = on + "_off"
        s = res["scale"]
        if on in s and off in s:
            d = {"markers": n,
                 "load_ns_per_marker": round((s[on]["load_ns"] - s[off]["load_ns"]) / n, 1),
                 "unload_ns_per_marker": round((s[on]["unload_ns"] - s[off]["unload_ns"]) / n, 1),
                 "module_bytes_per_marker": round((s[on]["coresize"] - s[off]["coresize"]) / n, 1),
                 "slab_bytes_per_marker": round((s[on]["slab_kb"] - s[off]["slab_kb"]) * 1024 / n, 1)}
            sec = res["sections"]
            if on in sec and off in sec:
                d["section_bytes_per_marker"] = {
                    k: round((sec[on].get(k, 0) - sec[off].get(k, 0)) / n, 1)
                    for k in sorted(set(sec[on]) | set(sec[off]))
                    if abs(sec[on].get(k, 0) - sec[off].get(k, 0)) >= n / 20}
            per[on] = d
    res["per_marker"] = per

    # Code per two-argument site: all code sections, with minus without.
    def code(mod):
        sec = res["sections"].get(mod, {})
        return sum(v for k, v in sec.items() if k.startswith(".text") or k == ".noinstr.text")
    site = {}
    for kind in ("marker", "tracepoint"):
        on, off = "site_" + kind, "site_%s_off" % kind
        if on in res["sections"] and off in res["sections"]:
            site[kind] = round((code(on) - code(off)) / SITES, 1)
    res["site_bytes"] = site

    res["arch"] = os.environ.get("BENCH_ARCH", "x86_64")
    with open(sys.argv[2], "w") as out:
        json.dump(res, out, indent=2, sort_keys=True)
        out.write("\n")

    cfg = res["config"]
    # BENCH_ARCH=arm64 (make bench ARCH=arm64): the arm64 guest, always TCG.
    arch = os.environ.get("BENCH_ARCH", "x86_64")
    print("Markers benchmark%s: %s chunks of %s calls per case, %s CPUs, "
          "%d boot%s (ns per call, median over the boots; QEMU TCG inflates "
          "absolute times)"
          % (" (arm64 guest, QEMU TCG figures)" if arch == "arm64" else "",
             cfg.get("chunks"), cfg.get("loops"), cfg.get("cpus"),
             len(boots), "" if len(boots) == 1 else "s"))
    print("  %-16s %12s %12s %14s" % ("case", "median ns", "min ns", "added ns (med)"))
    for name, v in c.items():
        added = v.get("added_median_ns")
        print("  %-16s %12.3f %12.3f %14s" % (name, v["median_ns"], v["min_ns"],
                                              "" if added is None else "%.3f" % added))
    if res["hits"]:
        print("  counter, ring buffer and BPF hits: %s (expected %s each)"
              % (", ".join("%s=%s" % kv for kv in res["hits"].items()),
                 cfg.get("expected_hits")))
    print("\n  %-28s %8s %8s   %-*s %s" % ("ratio", "median", "min",
                                           6 * len(boots), "each boot", "target"))
    for key, v in res["ratios"].items():
        if v["median"] is None:
            continue
        tgt = ""
        if v["target"] is not None:
            tgt = "<= %.2f %s" % (v["target"], "met" if v["median"] <= v["target"] else "missed")
        print("  %-28s %8.3f %8.3f   %-*s %s" % (
            key, v["median"], v["min"], 6 * len(boots),
            " ".join("%.3f" % x for x in v["boots"]), tgt))
    if res["arm"]:
        print("\n  arm/disarm (empty probe)      arm med/min us      disarm med/min us")
        for name, v in res["arm"].items():
            print("  %-28s %9.1f %9.1f %9.1f %9.1f" % (
                {"one": "1 instance", "hundred": "100 instances"}.get(name, name),
                v["arm_median_ns"] / 1e3, v["arm_min_ns"] / 1e3,
                v["disarm_median_ns"] / 1e3, v["disarm_min_ns"] / 1e3))
    if res["scale"]:
        print("\n  scale (median of %s loads)   load ms  unload ms  list ms  lines  module B   slab kB  left kB"
              % max(v["reps"] for v in res["scale"].values()))
        for mod, v in res["scale"].items():
            print("  %-28s %8.1f %10.1f %8.1f %6d %9d %9d %8s" % (
                mod, v["load_ns"] / 1e6, v["unload_ns"] / 1e6, v["list_ns"] / 1e6,
                v["list_lines"], v["coresize"], v["slab_kb"],
                "%d/%d" % (v["slab_left_kb"], v["slab_settled_kb"])
                if "slab_settled_kb" in v else v.get("slab_left_kb", "")))
        print("  (left kB: slab still grown after the unload, at once / 2 s later, caches dropped)")
        print("  (list ms: one cat of marker-list with the module loaded; a clock read costs %.1f ms)"
              % ((cfg.get("clock_overhead_ns") or 0) / 1e6))
        for mod, v in res["scale"].items():
            if "ls_ns" in v:
                print("  %-28s ls of the tree %.1f ms, first cat of a name's format %.1f ms"
                      % (mod, v["ls_ns"] / 1e6, v["format_ns"] / 1e6))
    for mod, v in res["arm_all"].items():
        print("  %-28s %d names: register %.1f ms, arm %.1f ms, disarm %.1f ms, unregister %.1f ms"
              % (mod, v["count"], v["register_ns"] / 1e6, v["arm_ns"] / 1e6,
                 v["disarm_ns"] / 1e6, v["unregister_ns"] / 1e6))
    for on, d in per.items():
        print("  per marker (%s vs compiled out, %d): load +%.0f ns, unload +%.0f ns, "
              "module +%.1f B, slab +%.1f B (registry, control, tree, trace event)"
              % (on, d["markers"], d["load_ns_per_marker"], d["unload_ns_per_marker"],
                 d["module_bytes_per_marker"], d["slab_bytes_per_marker"]))
        parts, base = res["slab_parts"].get(on, {}), res["slab_parts"].get(on + "_off", {})
        if parts:
            print("    slab per marker by cache (first load, vs compiled out): " + ", ".join(
                "%s %+.0f" % (k, (parts.get(k, 0) - base.get(k, 0)) / d["markers"])
                for k in sorted(parts, key=lambda k: base.get(k, 0) - parts[k])
                if parts.get(k, 0) - base.get(k, 0) >= 4096))
        if d.get("section_bytes_per_marker"):
            print("    .ko sections per marker: " + ", ".join(
                "%s %+.1f" % kv for kv in d["section_bytes_per_marker"].items()))
    if len(res["site_bytes"]) == 2:
        sb = res["site_bytes"]
        print("  code per two-argument site (%d sites, with minus without): "
              "trace_mark() %.1f B, tracepoint %.1f B, ratio %.2f"
              % (SITES, sb["marker"], sb["tracepoint"], sb["marker"] / sb["tracepoint"]))
    if res["status"]:
        print("\n  status: " + " ".join("%s=%s" % kv for kv in res["status"].items()))
    print("  (written to %s)" % sys.argv[2])


if __name__ == "__main__":
    main()
