#!/usr/bin/env python3
"""Folder dependencies inside one Swift target, and the cycles among them.

A folder depends on another when one of its files names a type declared there
at the top level of a file (struct, enum, class, actor,
protocol or typealias; comments and strings ignored). Prints each folder's dependencies, then every cycle and exits 1, or the
folders in levels, lowest first, when there is none.

    scripts/folder-cycles.py [Sources/CoordinationKit]
"""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "Sources/CoordinationKit"
declaration = re.compile(r"^(?:(?:public|package|internal|private|fileprivate|final|indirect)\s+)*"
                         r"(?:struct|enum|class|actor|protocol|typealias)\s+([A-Z][A-Za-z0-9_]*)", re.MULTILINE)
identifier = re.compile(r"\b[A-Z][A-Za-z0-9_]*\b")


def code(text):
    """The text without comments and string literals."""
    text = re.sub(r'"""[\s\S]*?"""', '""', text)
    text = re.sub(r"/\*[\s\S]*?\*/", "", text)
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)


files = {}
for directory, _, names in os.walk(root):
    for name in names:
        if name.endswith(".swift"):
            path = os.path.join(directory, name)
            folder = os.path.relpath(directory, root)
            with open(path, encoding="utf-8") as handle:
                files[path] = (folder, code(handle.read()))

home = {}
local = {}  # every name a folder declares, nested ones included: its own `Observer` hides the folder's
nested = re.compile(r"\b(?:struct|enum|class|actor|protocol|typealias)\s+([A-Z][A-Za-z0-9_]*)")
for path, (folder, text) in files.items():
    for name in declaration.findall(text):
        home.setdefault(name, set()).add(folder)
    local.setdefault(folder, set()).update(nested.findall(text))

edges = {}
for path, (folder, text) in files.items():
    for name in set(identifier.findall(text)):
        for other in home.get(name, ()):
            if other != folder and name not in local[folder]:
                edges.setdefault(folder, {}).setdefault(other, set()).add((name, os.path.basename(path)))

folders = sorted({folder for folder, _ in files.values()})
for folder in folders:
    uses = edges.get(folder, {})
    print(f"{folder} -> " + (", ".join(sorted(uses)) or "(nothing)"))

# Strongly connected components (Tarjan): a component of more than one folder is a cycle.
index, low, stack, on, counter, components = {}, {}, [], set(), [0], []


def visit(node):
    index[node] = low[node] = counter[0]
    counter[0] += 1
    stack.append(node)
    on.add(node)
    for target in edges.get(node, {}):
        if target not in index:
            visit(target)
            low[node] = min(low[node], low[target])
        elif target in on:
            low[node] = min(low[node], index[target])
    if low[node] == index[node]:
        component = []
        while True:
            member = stack.pop()
            on.discard(member)
            component.append(member)
            if member == node:
                break
        components.append(sorted(component))


for folder in folders:
    if folder not in index:
        visit(folder)
cycles = [component for component in components if len(component) > 1]
for component in cycles:
    print("cycle: " + " <-> ".join(component))
    for a in component:
        for b in component:
            for name, file in sorted(edges.get(a, {}).get(b, ())):
                print(f"  {a} -> {b}: {name} in {file}")
if not cycles:
    # Levels: a folder sits one above the highest folder it uses.
    level = {}

    def height(node):
        if node not in level:
            level[node] = 1 + max((height(target) for target in edges.get(node, {})), default=-1)
        return level[node]

    order = sorted(folders, key=lambda folder: (height(folder), folder))
    print("no cycles; lowest first: " + " < ".join(
        " ".join(f for f in order if level[f] == h) for h in sorted(set(level.values()))))
sys.exit(1 if cycles else 0)
