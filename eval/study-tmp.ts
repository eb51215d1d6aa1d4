import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PATHS } from '../server/paths.ts';
import { readSeeds } from '../server/corpus/read-seeds.ts';
import { ingestCorpus } from '../server/corpus/ingest.ts';
import { buildSearchIndex } from '../server/search/search-index.ts';
import { parseSynonyms } from '../server/search/synonyms.ts';
import { Library } from '../server/library.ts';
import { matchAll } from '../server/search/search.ts';
import { evaluateMode, readJudgedSets, modes } from '../eval/judged-set.ts';
import type { EvalNode, Hits } from '../server/search/engine.ts';
import { tokenize } from '../server/search/tokenize.ts';

const { documents, passages } = ingestCorpus(readSeeds(PATHS.seeds, PATHS.root));
const library = new Library({ documents, passages, synonyms: parseSynonyms(readFileSync(PATHS.synonyms, 'utf8'), 's'), index: buildSearchIndex(passages), builtAt: 'eval' });
const sets = readJudgedSets(join(PATHS.root, 'eval', 'sets'));
const engine = library.engine;
const QUESTION = new Set('what which who whom whose when where why how do does did doing done is are was were be been being am can could would should shall may might must will has have had get gets got getting make makes made making let lets happen happens happened kind kinds many much some any someone something things thing there they them their he she his her you i we our us about report reports say said says tell know'.split(' '));
const N = passages.length;
function idf(stem: string) { const f = (engine as any).reader.documentFrequency(stem); return Math.log(1 + (N - f + 0.5) / (f + 0.5)); }

interface Part { node: EvalNode; weight: number; label: string; expansions: EvalNode[] }
const thes = JSON.parse(readFileSync('index/thesaurus.json','utf8')).entries as Record<string,string[]>;
const thesByStem = new Map<string,string[]>(); for (const [k,v] of Object.entries(thes)) thesByStem.set(tokenize(k).map(t=>t.stem).join(' '), v);
const LAMBDA = Number(process.env.LAMBDA ?? 0.5);
const USE_THES = process.env.THES !== '0';
function expansionsOf(word: string): EvalNode[] { if (!USE_THES) return []; const v = thesByStem.get(tokenize(word).map(t=>t.stem).join(' ')); return (v ?? []).map((w) => { const ws = w.split(' '); return ws.length === 1 ? { type: 'term', word: w, prefix: false, fuzzy: false, position: 0 } as EvalNode : { type: 'words', words: ws.map((x) => ({ type: 'term', word: x, prefix: false, fuzzy: false, position: 0 })), alternatives: [ws.flatMap((x) => tokenize(x).map((t) => t.stem))], outside: [] } as EvalNode; }); }
function plan(q: string, dropQ: boolean) {
  const found = matchAll(library, { q, sort: 'relevance', strict: false, years: [], sections: [], docs: [], countries: [] });
  const tree = found.tree;
  if (!tree) return null;
  const prepared = engine.prepare(tree, { strict: false });
  const children = prepared.type === 'and' ? prepared.children : [prepared];
  const parts: Part[] = [];
  const runs: EvalNode[] = [];
  const constraints = children.filter((c) => c.type === 'not' || c.type === 'filter');
  for (const c of children) {
    if (c.type === 'not' || c.type === 'filter') continue;
    if (c.type === 'words') {
      const plainRun = c.alternatives.length === 1;
      if (plainRun && c.words.length > 1) {
        runs.push(c);
        for (const w of c.words) { if (dropQ && QUESTION.has(w.word.toLowerCase())) continue; parts.push({ node: w, weight: tokenize(w.word).reduce((s, t) => s + idf(t.stem), 0), label: w.word, expansions: expansionsOf(w.word) }); }
      } else parts.push({ node: c, weight: c.words.reduce((s, w) => s + tokenize(w.word).reduce((a, t) => a + idf(t.stem), 0), 0), label: c.words.map((w) => w.word).join(' '), expansions: [] });
    } else if (c.type === 'term') {
      if (dropQ && QUESTION.has(c.word.toLowerCase())) continue;
      parts.push({ node: c, weight: tokenize(c.word).reduce((s, t) => s + idf(t.stem), 0), label: c.word, expansions: expansionsOf(c.word) });
    } else parts.push({ node: c, weight: 1, label: '?', expansions: [] });
  }
  return { found, parts, runs, constraints };
}

type Model = (ctx: { held: number; total: number; sum: number; idfHeld: number; idfTotal: number; full: boolean; bonus: number }) => number[];
function ranker(model: Model, dropQ: boolean) {
  return (q: string): string[] => {
    const p = plan(q, dropQ);
    if (!p) return [];
    const { found, parts, runs, constraints } = p;
    if (parts.length === 0) return found.matches.slice(0, 10).map((m) => m.passage.id);
    const allowed = constraints.length ? engine.run({ type: 'and', children: constraints }, { strict: false }) : null;
    const partHits: Hits[] = parts.map((part) => { const own = engine.run(part.node, { strict: false }); if (!part.expansions.length) return own; const out: Hits = new Map(); for (const e of part.expansions) for (const [pos, hit] of engine.run(e, { strict: false })) { const sc = hit.score * LAMBDA; const prev = out.get(pos); if (!prev || prev.score < sc) out.set(pos, { score: sc, matchers: hit.matchers }); } for (const [pos, hit] of own) { const prev = out.get(pos); if (!prev || prev.score < hit.score) out.set(pos, hit); } return out; });
    const runHits = runs.map((r) => engine.run(r, { strict: false }));
    const cands = new Set<number>(); for (const h of partHits) for (const k of h.keys()) cands.add(k);
    const idfTotal = parts.reduce((s, x) => s + x.weight, 0);
    const scored: Array<[number, number[]]> = [];
    for (const pos of cands) {
      if (allowed && !allowed.has(pos)) continue;
      let held = 0, sum = 0, idfHeld = 0;
      partHits.forEach((h, i) => { const hit = h.get(pos); if (hit) { held++; sum += hit.score; idfHeld += parts[i]!.weight; } });
      // proximity: a run's engine score beyond the sum of its words
      let bonus = 0;
      runs.forEach((r, i) => { const hit = runHits[i]!.get(pos); if (hit) { const words = (r as any).words.map((w: any) => partHits[parts.findIndex((x) => x.node === w)]?.get(pos)?.score ?? 0).reduce((a: number, b: number) => a + b, 0); bonus += Math.max(0, hit.score - words); } });
      scored.push([pos, model({ held, total: parts.length, sum, idfHeld, idfTotal, full: held === parts.length, bonus })]);
    }
    scored.sort((a, b) => { for (let i = 0; i < a[1].length; i++) if (a[1][i] !== b[1][i]) return b[1][i]! - a[1][i]!; return a[0] - b[0]; });
    const PRF = Number(process.env.PRF ?? 0);
    if (PRF > 0) {
      const typed = new Set(parts.flatMap((p) => tokenize(p.label).map((t) => t.stem)));
      const weights = new Map<string, number>();
      for (const [pos] of scored.slice(0, 5)) { const toks = engine.tokensOf(pos); for (const t of new Set(toks.map((t) => t.stem))) { if (typed.has(t) || /^\d/.test(t) || t.length < 3) continue; weights.set(t, (weights.get(t) ?? 0) + idf(t)); } }
      const terms = [...weights].filter(([t]) => (engine as any).reader.documentFrequency(t) >= 2).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([t]) => t);
      const extra = new Map<number, number>();
      for (const t of terms) for (const [pos, r] of (engine as any).reader.query([t], 'text')) extra.set(pos, (extra.get(pos) ?? 0) + (r as any).score);
      const max = scored[0]?.[1][0] ?? 1;
      const rescored = new Map(scored.map(([pos, s]) => [pos, s[0]!]));
      for (const [pos, e] of extra) if (!allowed || allowed.has(pos)) rescored.set(pos, (rescored.get(pos) ?? 0) + PRF * e);
      return [...rescored].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 10).map(([pos]) => passages[pos]!.id);
    }
    return scored.slice(0, 10).map(([pos]) => passages[pos]!.id);
  };
}
const models: Record<string, Model> = {
  'A all-first, then count, then score (now)': (c) => [c.full ? 1 : 0, c.held, c.sum + c.bonus],
  'B BM25 sum (OR)': (c) => [c.sum + c.bonus],
  'C sum x coord (Lucene classic)': (c) => [(c.sum + c.bonus) * c.held / c.total],
  'D sum x idf coverage': (c) => [(c.sum + c.bonus) * c.idfHeld / c.idfTotal],
  'D2 sum x idf coverage^2': (c) => [(c.sum + c.bonus) * (c.idfHeld / c.idfTotal) ** 2],
  'D3 sum x idf coverage^3': (c) => [(c.sum + c.bonus) * (c.idfHeld / c.idfTotal) ** 3],
  'E all-first, then BM25 sum': (c) => [c.full ? 1 : 0, c.sum + c.bonus],
  'F msm 75%, then sum': (c) => [c.held >= Math.max(1, Math.floor(c.total * 0.75)) ? 1 : 0, c.sum + c.bonus],
  'F2 msm 75%, coord': (c) => [c.held >= Math.max(1, Math.floor(c.total * 0.75)) ? 1 : 0, (c.sum + c.bonus) * c.held / c.total],
  'G idf cov >= 0.6 first, then D': (c) => [c.idfHeld / c.idfTotal >= 0.6 ? 1 : 0, (c.sum + c.bonus) * c.idfHeld / c.idfTotal],
};
const base = modes(library, sets.flatMap((s) => s.queries.map((q) => q.query)));
const rows: Array<[string, (q: string) => string[]]> = [[base[0]!.mode, base[0]!.rank], ...base.slice(3).map((m) => [m.mode, m.rank] as [string, (q: string) => string[]])];
for (const [name, model] of Object.entries(models)) for (const dropQ of [false, true]) rows.push([`${name}${dropQ ? ' -q' : ''}`, ranker(model, dropQ)]);
console.log('model'.padEnd(50), sets.map((s) => s.name.padStart(8)).join(''), '  dev<0.4');
for (const [name, rank] of rows) {
  const figs = sets.map((s) => evaluateMode({ mode: name, rank }, s.queries));
  console.log(name.padEnd(50), figs.map((f) => f.ndcg.toFixed(3).padStart(8)).join(''), figs[0]!.weak);
}
if (process.argv[2]) { const rank = ranker(models[process.argv[2]]!, true); const f = evaluateMode({ mode: 'x', rank }, sets[0]!.queries); for (const q of f.perQuery) console.log(q.ndcg.toFixed(3), q.query); }
