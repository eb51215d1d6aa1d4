"""SQLite FTS5 over our passages: the peer a user would pick instead of our engine, for `npm run
bench:scale` (timed, beside our engine) and `npm run eval` (ranked, beside our engine). bench/fts5.ts
drives it.

Set up as someone who wants FTS5 good and fast would: the porter tokenizer over unicode61 (diacritics
removed), bm25 ranking, the text in a contentless FTS5 table (no copy of the text to read back), the
year and section in a plain table keyed by the same rowid (reading a column of FTS5's own content table
costs a lookup of the whole row), joined FTS5 first (CROSS JOIN: otherwise SQLite may scan a year's
rows and probe the text index for each), a page cache and memory map larger than the database.

Each query is answered as our /api/search answers it: the first page (`limit` rows) by bm25, the exact
count and the year facet (one GROUP BY year; the count is its sum). With "samples", each answer is
timed here, in process, with the benchmark's own budget (a warm-up run, then up to 30 runs within 8 s,
at least 5).

Usage: python3 bench/fts5.py DB PASSAGES.jsonl < REQUEST.json > RESULTS.json
  DB              the database file to build (":memory:": none on disk)
  PASSAGES.jsonl  one {"year": 2016, "section": "protection", "text": "..."} per line, in corpus
                  order (rowid = passage position)
  REQUEST.json    {"limit": 20, "samples": true or false, "queries": [{"q": ..., "match": FTS5 query
                  or null, "where": SQL over year/section or null, "page": FTS5 query ranking the
                  first page, if not "match" (a question's words ORed, its count of the words ANDed,
                  as our page lists passages with some of the words)}]}
Prints {"sqlite": version, "buildMs": ..., "rows": ..., "queries": [{"q", "samples", "total", "top"}]}
("top": the first page's rowids, best first).
"""

import json
import sqlite3
import sys
import time

RUNS, BUDGET_S, MIN_RUNS = 30, 8.0, 5

PRAGMAS = ["PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF", "PRAGMA cache_size = -4000000", "PRAGMA mmap_size = 8589934592"]


def build(db, passages_file):
    db.execute("DROP TABLE IF EXISTS passages")
    db.execute("DROP TABLE IF EXISTS meta")
    db.execute("CREATE VIRTUAL TABLE passages USING fts5(text, content = '', tokenize = 'porter unicode61 remove_diacritics 2')")
    db.execute("CREATE TABLE meta (id INTEGER PRIMARY KEY, year INTEGER, section TEXT)")
    with open(passages_file, encoding="utf-8") as lines:
        for position, line in enumerate(lines):
            p = json.loads(line)
            db.execute("INSERT INTO passages (rowid, text) VALUES (?, ?)", (position, p["text"]))
            db.execute("INSERT INTO meta (id, year, section) VALUES (?, ?, ?)", (position, p["year"], p["section"]))
    db.execute("CREATE INDEX meta_section_year ON meta (section, year)")
    db.execute("INSERT INTO passages (passages) VALUES ('optimize')")
    db.commit()


def statements(query, limit):
    """The two statements of one answer, with their parameters: the first page by bm25, and the year facet."""
    where = f" AND ({query['where']})" if query.get("where") else ""
    joined = "FROM passages CROSS JOIN meta ON meta.id = passages.rowid WHERE passages MATCH ?"
    if query.get("match"):
        page = f"SELECT passages.rowid {joined}{where} ORDER BY passages.rank LIMIT {limit}" if where else f"SELECT rowid FROM passages WHERE passages MATCH ? ORDER BY rank LIMIT {limit}"
        facet = f"SELECT meta.year, count(*) {joined}{where} GROUP BY meta.year"
        return page, facet, (query.get("page") or query["match"],), (query["match"],)
    if not query.get("where"):
        return None
    page = f"SELECT id FROM meta WHERE {query['where']} ORDER BY id LIMIT {limit}"
    facet = f"SELECT year, count(*) FROM meta WHERE {query['where']} GROUP BY year"
    return page, facet, (), ()


def answer(db, query, limit):
    """The first page's rowids and the count; none for a query with no words and no filter."""
    parts = statements(query, limit)
    if parts is None:
        return [], 0
    page, facet, page_parameters, facet_parameters = parts
    top = [row[0] for row in db.execute(page, page_parameters)]
    years = db.execute(facet, facet_parameters).fetchall()
    return top, sum(count for _, count in years)


def sample(db, query, limit):
    answer(db, query, limit)
    samples = []
    started = time.perf_counter()
    while len(samples) < RUNS and (len(samples) < MIN_RUNS or time.perf_counter() - started < BUDGET_S):
        at = time.perf_counter()
        answer(db, query, limit)
        samples.append((time.perf_counter() - at) * 1000)
    return samples


def main():
    if len(sys.argv) != 3 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0 if len(sys.argv) >= 2 and sys.argv[1] in ("-h", "--help") else 2)
    db = sqlite3.connect(sys.argv[1])
    for pragma in PRAGMAS:
        db.execute(pragma)
    at = time.perf_counter()
    build(db, sys.argv[2])
    build_ms = (time.perf_counter() - at) * 1000
    rows = db.execute("SELECT count(*) FROM meta").fetchone()[0]
    request = json.load(sys.stdin)
    limit = int(request["limit"])
    results = []
    for query in request["queries"]:
        top, total = answer(db, query, limit)
        results.append({"q": query["q"], "samples": sample(db, query, limit) if request["samples"] else [], "total": total, "top": top})
        if request["samples"]:
            print(f"fts5: {query['q']}", file=sys.stderr, flush=True)
    json.dump({"sqlite": sqlite3.sqlite_version, "buildMs": build_ms, "rows": rows, "queries": results}, sys.stdout)


main()
