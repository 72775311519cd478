#!/usr/bin/env python3
"""What takes the space in the WebAssembly module (measurement script, not a test).

    python3 bindings/wasm/bench/size.py MODULE.wasm     (a module with its name section)

`scripts/test-wasm.sh --sizes` builds such a module (optimised as shipped, names kept) and
runs this. Each function body is attributed to a crate by its demangled name (`<A as B>::f`
to A's crate; a generic instantiated for another crate's type stays with the crate that
defines the function, e.g. serde-saphyr's `deserialize_map::<granska::pack::model::…>`), each data
segment to a part by its content. "gz" is the group's bytes gzipped (-9) on their own: the
groups' sum is close to, but not exactly, the whole module gzipped.
"""
import collections
import gzip
import re
import sys
import zlib


def leb(d, i):
    r = s = 0
    while True:
        b = d[i]
        i += 1
        r |= (b & 0x7F) << s
        s += 7
        if b < 0x80:
            return r, i


def read_module(path):
    d = open(path, "rb").read()
    i = 8
    imported_funcs = 0
    bodies, segments, names = [], [], {}
    while i < len(d):
        sid = d[i]
        size, i = leb(d, i + 1)
        start = i
        if sid == 2:  # imports: count the imported functions (they come first in the index space)
            n, j = leb(d, i)
            for _ in range(n):
                for _ in range(2):
                    ln, j = leb(d, j)
                    j += ln
                kind = d[j]
                j += 1
                if kind == 0:
                    _, j = leb(d, j)
                    imported_funcs += 1
                elif kind == 1:
                    j += 1
                    flags, j = leb(d, j)
                    _, j = leb(d, j)
                    if flags & 1:
                        _, j = leb(d, j)
                elif kind == 2:
                    flags, j = leb(d, j)
                    _, j = leb(d, j)
                    if flags & 1:
                        _, j = leb(d, j)
                elif kind == 3:
                    j += 2
        elif sid == 10:  # code
            n, j = leb(d, i)
            for _ in range(n):
                ln, j = leb(d, j)
                bodies.append(d[j : j + ln])
                j += ln
        elif sid == 11:  # data: active segments with an i32.const offset
            n, j = leb(d, i)
            for _ in range(n):
                _, j = leb(d, j)
                j += 1
                _, j = leb(d, j)
                j += 1
                ln, j = leb(d, j)
                segments.append(d[j : j + ln])
                j += ln
        elif sid == 0:
            ln, j = leb(d, i)
            if d[j : j + ln] == b"name":
                j += ln
                while j < start + size:
                    sub = d[j]
                    ssz, j = leb(d, j + 1)
                    end = j + ssz
                    if sub == 1:
                        n, k = leb(d, j)
                        for _ in range(n):
                            idx, k = leb(d, k)
                            ln, k = leb(d, k)
                            names[idx] = d[k : k + ln].decode("utf8", "replace")
                            k += ln
                    j = end
        i = start + size
    if not names:
        sys.exit(f"{path} has no function names: build it with scripts/test-wasm.sh --sizes")
    return d, [(names.get(imported_funcs + k, "?"), b) for k, b in enumerate(bodies)], segments


def crate(name):
    if re.match(r"(pack_|__wbg|__wbindgen|__externref|__granska|__instance|start$)", name):
        return "granska_wasm"  # the exported functions and wasm-bindgen's shims around them
    if name == "?":
        return "(no name: made by wasm-opt)"
    n = re.sub(r"^(mut |const |dyn )", "", name.lstrip("<&*")).lstrip("<&*[(")
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::", n)
    if m:
        return m.group(1)
    if re.match(r"(str|f32|f64|[ui](8|16|32|64|size)|char|bool|T|\[T\])\b", n):
        return "core"
    return "other"


PARTS = [
    ("YAML: serde-saphyr, granit-parser, annotate-snippets, the model's Deserialize impls",
     lambda n, c: c in ("serde_saphyr", "granit_parser", "annotate_snippets", "smallvec", "arraydeque")
     or "granska::pack::model" in n or "saphyr" in n),
    ("serde: generic (de)serialisation code (the compiled pack's decoding, the results' encoding, UniqueKeys)",
     lambda n, c: c in ("serde_core", "serde") or "UniqueKeys" in n),
    ("regex: regex-syntax, regex-automata (code)", lambda n, c: c.startswith("regex") or "regex" in n),
    ("granska: evaluator, answers, report, compiled-pack reader (in the authoring module also the pest parser and the checker)", lambda n, c: c in ("granska", "pest")),
    ("std/core/alloc: formatting, floats, sorting, collections, allocator",
     lambda n, c: c in ("core", "alloc", "std", "dlmalloc", "hashbrown", "other", "__rustc", "itoa", "zmij",
                        "strsim", "anstyle")),
    ("chrono", lambda n, c: c == "chrono"),
    ("serde_json", lambda n, c: c == "serde_json"),
    ("bindings: granska-wasm, wasm-bindgen, js-sys, serde-wasm-bindgen",
     lambda n, c: c in ("granska_wasm", "wasm_bindgen", "js_sys", "serde_wasm_bindgen")),
]


def part(name):
    c = crate(name)
    for label, test in PARTS:
        if test(name, c):
            return label
    return "other: " + c


def data_part(segment):
    if b"GRANSKA\0PACK" in segment:
        return "data: the built-in compiled pack (the runtime module's Pack.builtin())"
    if b"requirements:" in segment:
        return "data: built-in rule packs (YAML text) and granska's strings"
    if b"self.char()" in segment:
        return "data: regex-syntax's Unicode tables (case folding, \\w \\d \\s) and strings"
    if len(segment) > 15000 and not re.search(rb"[ -~]{12,}", segment):
        return "data: float formatting tables (core::fmt)"
    return "data: other (strings, panic locations, core's Unicode tables)"


def table(title, groups, limit):
    rows = sorted(((len(zlib.compress(b"".join(bs), 9)), sum(map(len, bs)), len(bs), g) for g, bs in groups.items()),
                  reverse=True)
    print(f"\n{title}\n")
    print("| part | raw KB | gzip KB | items |")
    print("|---|---:|---:|---:|")
    for gz, raw, n, g in rows[:limit]:
        print(f"| {g} | {raw / 1024:.1f} | {gz / 1024:.1f} | {n} |")
    return sum(r[0] for r in rows)


def main():
    path = sys.argv[1]
    d, funcs, segments = read_module(path)
    by_part, by_crate = collections.defaultdict(list), collections.defaultdict(list)
    for name, body in funcs:
        by_part[part(name)].append(body)
        by_crate[crate(name)].append(body)
    for seg in segments:
        by_part[data_part(seg)].append(seg)
        by_crate["(data segments)"].append(seg)
    total = table("By part", by_part, 50)
    table("By crate (code; data segments together)", by_crate, 25)
    print(f"\nsum of the parts gzipped: {total / 1024:.0f} KB; the module with names: {len(d) / 1024:.0f} KB raw, "
          f"{len(gzip.compress(d, 9)) / 1024:.0f} KB gzipped (the shipped module has no names)")


if __name__ == "__main__":
    main()
