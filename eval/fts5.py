# SQLite FTS5 as a search baseline: reads {"passages": [{"id", "text"}], "queries": [match expressions],
# "limit": n} as JSON on stdin, builds an in-memory FTS5 table (porter over unicode61, as a developer
# would configure English search) and answers each query by bm25, best first. Prints {"buildMs",
# "results": [{"ids": [...], "ms": ...}]} as JSON. Driven by eval/fts5.ts.
import json
import sqlite3
import sys
import time

request = json.load(sys.stdin)
started = time.perf_counter()
db = sqlite3.connect(":memory:")
db.execute("CREATE VIRTUAL TABLE passages USING fts5(id UNINDEXED, text, tokenize='porter unicode61')")
db.executemany("INSERT INTO passages (id, text) VALUES (?, ?)", ((p["id"], p["text"]) for p in request["passages"]))
build_ms = (time.perf_counter() - started) * 1000
results = []
for query in request["queries"]:
    started = time.perf_counter()
    ids = []
    if query:
        rows = db.execute("SELECT id FROM passages WHERE passages MATCH ? ORDER BY rank LIMIT ?", (query, request["limit"]))
        ids = [row[0] for row in rows]
    results.append({"ids": ids, "ms": (time.perf_counter() - started) * 1000})
json.dump({"buildMs": build_ms, "sqliteVersion": sqlite3.sqlite_version, "results": results}, sys.stdout)
