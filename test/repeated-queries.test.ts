// Held-out sets measure unseen queries only where their queries repeat none of the sets tuned on:
// eval/judged-set.ts's repeatedQueries, which `npm run eval` and the floors use.
import { describe, expect, it } from 'vitest';
import { repeatedQueries, type JudgedSet } from '../eval/judged-set.ts';

const set = (name: string, queries: string[]): JudgedSet => ({
  name,
  about: '',
  queries: queries.map((query) => ({ query, kind: 'question', relevant: { x: 2 } })),
});

describe('repeated queries across judged sets', () => {
  const tuned = set('dev', [
    'how many North Koreans work in China',
    '2016 recommendations on overseas workers',
    'Dandong',
  ]);

  it('finds the same query, and the same query in other forms of its words or another year', () => {
    const heldout = set('heldout', [
      'Dandong',
      'how many North Korean workers in China',
      '2023 recommendations on overseas workers',
      'what happens to women sent back from China',
      'Samjiyon',
    ]);
    expect([...repeatedQueries(heldout, [tuned, heldout])]).toEqual([
      'Dandong',
      'how many North Korean workers in China',
      '2023 recommendations on overseas workers',
    ]);
  });

  it('does not count a set against itself, nor queries sharing a few words', () => {
    const heldout = set('heldout', ['Dandong wages', 'workers in China', 'Dandong']);
    expect([...repeatedQueries(heldout, [heldout])]).toEqual([]);
    expect([...repeatedQueries(heldout, [tuned])]).toEqual(['Dandong']);
  });
});
