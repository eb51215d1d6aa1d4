// `npx tsx bench/align.ts`: how long aligning passages across years takes, on the real corpus and on
// synthetic collections of 20, 40 and 80 years, to show that time grows about linearly with the number
// of passages (quadratic growth would multiply time by 4 each time the passages double).
//
// Two synthetic collections, both grown from the real report sentences with a seeded random generator:
//   drifting: each year edits the previous year's text (a few words changed in half the sentences, one
//             sentence in ten replaced by a new one), as the reports do; sentences fade out over years.
//   repeated: every year holds every sentence, each lightly edited: every sentence has a counterpart in
//             every year, the worst case, where the caps on probes and candidates take over.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSeeds } from '../server/corpus/read-seeds.ts';
import { ingestCorpus } from '../server/corpus/ingest.ts';
import type { Passage } from '../server/corpus/types.ts';
import { mulberry32 } from './corpus-generator.ts';
import { alignPassages, takesPart, type AlignedDocument, type Alignment } from '../server/analysis/align.ts';
import { largest } from '../server/extremes.ts';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(
    'Usage: npm run bench:align\nTimes aligning passages across years on the seeds and on synthetic 20/40/80-year collections; prints markdown tables.',
  );
  process.exit(0);
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const corpus = ingestCorpus(readSeeds(join(ROOT, 'seeds'), ROOT));
const typeOf = new Map(corpus.documents.map((d) => [d.id, d.type]));
const sentences = corpus.passages.filter((passage) => takesPart(typeOf.get(passage.doc)));
const vocabulary = sentences.flatMap((passage) => passage.text.split(' '));

interface Collection {
  passages: Passage[];
  documents: AlignedDocument[];
}

interface Row {
  collection: string;
  years: number;
  passages: number;
  ms: number;
  counterparts: number;
}

const rows: Row[] = [];
rows.push(measure('real corpus', corpus.documents.filter((d) => takesPart(d.type)).length, corpus));
for (const years of [20, 40, 80]) rows.push(measure('drifting', years, drifting(years)));
for (const years of [20, 40, 80]) rows.push(measure('repeated', years, repeated(years)));
console.log(table(rows));

/** Median of five runs on the real corpus (after a warm-up run); one run on the large collections. */
function measure(collection: string, years: number, { passages, documents }: Collection): Row {
  const runs = passages.length < 1000 ? 5 : 1;
  if (runs > 1) alignPassages(passages, documents);
  const times: number[] = [];
  let alignment: Alignment = {};
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    alignment = alignPassages(passages, documents);
    times.push(performance.now() - started);
  }
  const aligned = Object.values(alignment);
  const counterparts = aligned.reduce((n, a) => n + a.alsoIn.length, 0);
  return {
    collection,
    years,
    passages: aligned.length,
    ms: times.sort((a, b) => a - b)[Math.floor(runs / 2)]!,
    counterparts,
  };
}

function drifting(years: number): Collection {
  const random = mulberry32(years);
  let texts = sentences.map((passage) => passage.text);
  return collection(years, (year) => {
    if (year > 0)
      texts = texts.map((text) => (random() < 0.1 ? newSentence(random) : random() < 0.5 ? edit(text, random) : text));
    return texts;
  });
}

function repeated(years: number): Collection {
  const random = mulberry32(1000 + years);
  return collection(years, () => sentences.map((passage) => edit(passage.text, random)));
}

/** One document per year, holding the real sentences' sections, with the texts `textsOf(year)` gives. */
function collection(years: number, textsOf: (year: number) => string[]): Collection {
  const passages: Passage[] = [];
  const documents: AlignedDocument[] = [];
  for (let year = 0; year < years; year++) {
    const doc = `synthetic-${2000 + year}`;
    documents.push({ id: doc, type: 'report' });
    textsOf(year).forEach((text, i) => {
      const { section } = sentences[i]!;
      passages.push({
        id: `${doc}-${section}-p1-s${i + 1}`,
        doc,
        year: 2000 + year,
        country: 'PRK',
        section,
        heading: null,
        paragraph: 1,
        sentence: i + 1,
        text,
        source: 'synthetic',
        start: 0,
        end: text.length,
      });
    });
  }
  return { passages, documents };
}

/** One to three word edits: a word replaced, dropped, or inserted. */
function edit(text: string, random: () => number): string {
  const words = text.split(' ');
  for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
    const at = Math.floor(random() * words.length);
    const choice = random();
    if (choice < 0.5) words[at] = pick(vocabulary, random);
    else if (choice < 0.75 && words.length > 3) words.splice(at, 1);
    else words.splice(at, 0, pick(vocabulary, random));
  }
  return words.join(' ');
}

function newSentence(random: () => number): string {
  return Array.from({ length: 10 + Math.floor(random() * 25) }, () => pick(vocabulary, random)).join(' ');
}

function pick<T>(items: T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Growth is the time ratio per doubling of passages against the previous row of the same collection. */
function table(rows: Row[]): string {
  const header = ['collection', 'years', 'passages', 'ms', 'µs/passage', 'counterparts/passage', 'growth'];
  const lines = rows.map((row, i) => {
    const previous = rows[i - 1];
    const growth =
      previous?.collection === row.collection
        ? (row.ms / previous.ms) ** (1 / Math.log2(row.passages / previous.passages))
        : undefined;
    return [
      row.collection,
      String(row.years),
      String(row.passages),
      row.ms.toFixed(0),
      ((row.ms * 1000) / row.passages).toFixed(0),
      (row.counterparts / row.passages).toFixed(1),
      growth === undefined ? '' : `x${growth.toFixed(2)}`,
    ];
  });
  const all = [header, ...lines];
  const widths = header.map((_, c) =>
    largest(
      all.map((line) => line[c]!.length),
      0,
    ),
  );
  const render = (line: string[]) =>
    line.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [
    render(header),
    ...lines.map(render),
    '',
    'growth: time multiplier per doubling of passages (linear x2, quadratic x4)',
  ].join('\n');
}
