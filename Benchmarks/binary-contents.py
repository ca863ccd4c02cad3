#!/usr/bin/env python3
"""What a static coord binary is made of: bytes of defined symbols per part.

    python3 Benchmarks/binary-contents.py .build/release/coord

Groups Swift symbols by module (from the mangled `$s<len><Module>` prefix),
ICU's code and data, and the rest (the C library, the Swift runtime).
"""
import collections, re, subprocess, sys

path = sys.argv[1]
listing = subprocess.run(["nm", "-S", "--defined-only", path], capture_output=True, text=True).stdout
groups = collections.Counter()
swift_module = re.compile(r"^_?\$s(\d+)([A-Za-z_][A-Za-z0-9_]*)")
for line in listing.splitlines():
    parts = line.split()
    if len(parts) < 4:
        continue
    size, name = int(parts[1], 16), parts[3]
    if name.startswith("icudt"):
        group = "ICU data"
    elif "icu_" in name or re.search(r"_7\d$", name):
        group = "ICU code"
    else:
        match = swift_module.match(name)
        if match:
            length = int(match.group(1))
            group = "Swift " + match.group(2)[:length]
        else:
            group = "other (C library, Swift runtime, C++)"
    groups[group] += size
total = sum(groups.values())
for group, size in groups.most_common(14):
    print(f"  {group:<42}{size / 1e6:8.2f} MB  {100 * size / total:5.1f} %")
