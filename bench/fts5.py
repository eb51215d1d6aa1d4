"""SQLite FTS5 over the same passages, for `npm run bench:scale` (bench/fts5.ts drives it).

What a user would pick instead of our engine: an FTS5 table with the porter tokenizer, ranked by its
bm25(). Each query is answered as our /api/search answers it: the top 20 by bm25, the exact count and
the year facet (one GROUP BY year; the count is its sum), timed here, in process, with the same budget
as the benchmark's own samples (a warm-up run, then up to 30 runs within 8 s, at least 5).

Usage: python3 bench/fts5.py DB [--build PASSAGES.jsonl] < QUERIES.json > RESULTS.json
  PASSAGES.jsonl  one {"year": 2016, "section": "protection", "text": "..."} per line, in corpus
                  order (rowid = passage position)
  QUERIES.json    [{"q": ..., "match": FTS5 query or null, "where": SQL over year/section or null,
                  "page": FTS5 query ranking the first page, if not "match" (a question's words ORed, its
                  count of the words ANDed, as our page lists passages with some of the words)}]
Prints {"sqlite": version, "buildMs": ..., "rows": ..., "queries": [{"q", "samples", "total", "top"}]}.
"""

import json
import sqlite3
import sys
import time

RUNS, BUDGET_S, MIN_RUNS = 30, 8.0, 5


# Set up as someone who wants FTS5 fast would: the text in a contentless FTS5 table (no copy of the
# text to read back), the year and section in a plain table keyed by the same rowid (reading a column of
# FTS5's own content table costs a lookup of the whole row), joined FTS5 first (CROSS JOIN: otherwise
# SQLite may scan a year's rows and probe the text index for each), a page cache and memory map larger
# than the database.
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


def statements(query):
    """The two statements of one answer, with their parameters: the first page by bm25, and the year facet."""
    where = f" AND ({query['where']})" if query.get("where") else ""
    joined = "FROM passages CROSS JOIN meta ON meta.id = passages.rowid WHERE passages MATCH ?"
    if query.get("match"):
        page = f"SELECT passages.rowid {joined}{where} ORDER BY passages.rank LIMIT 20" if where else "SELECT rowid FROM passages WHERE passages MATCH ? ORDER BY rank LIMIT 20"
        facet = f"SELECT meta.year, count(*) {joined}{where} GROUP BY meta.year"
        return page, facet, (query.get("page") or query["match"],), (query["match"],)
    page = f"SELECT id FROM meta WHERE {query['where']} ORDER BY id LIMIT 20"
    facet = f"SELECT year, count(*) FROM meta WHERE {query['where']} GROUP BY year"
    return page, facet, (), ()


def answer(db, query):
    page, facet, page_parameters, facet_parameters = statements(query)
    top = [row[0] for row in db.execute(page, page_parameters)]
    years = db.execute(facet, facet_parameters).fetchall()
    return top, sum(count for _, count in years)


def sample(db, query):
    answer(db, query)
    samples = []
    started = time.perf_counter()
    while len(samples) < RUNS and (len(samples) < MIN_RUNS or time.perf_counter() - started < BUDGET_S):
        at = time.perf_counter()
        answer(db, query)
        samples.append((time.perf_counter() - at) * 1000)
    return samples


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0 if len(sys.argv) >= 2 else 1)
    db = sqlite3.connect(sys.argv[1])
    for pragma in PRAGMAS:
        db.execute(pragma)
    build_ms = None
    if len(sys.argv) == 4 and sys.argv[2] == "--build":
        at = time.perf_counter()
        build(db, sys.argv[3])
        build_ms = (time.perf_counter() - at) * 1000
    rows = db.execute("SELECT count(*) FROM passages").fetchone()[0]
    results = []
    for query in json.load(sys.stdin):
        top, total = answer(db, query)
        results.append({"q": query["q"], "samples": sample(db, query), "total": total, "top": top})
        print(f"fts5: {query['q']}", file=sys.stderr, flush=True)
    json.dump({"sqlite": sqlite3.sqlite_version, "buildMs": build_ms, "rows": rows, "queries": results}, sys.stdout)


main()
