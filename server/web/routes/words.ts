// The word lists: word families and synonym groups, as a page and as JSON.
import { Router } from 'express';
import type { Library } from '../../library.ts';
import { renderPage } from '../render.ts';
import { wordsPage } from '../pages/words-page.ts';

export function wordRoutes(library: () => Library): Router {
  const router = Router();
  router.get('/words', (_req, res) => renderPage(res, 'words', { ...wordsPage(library()), nav: 'search' }));
  router.get('/api/words', (_req, res) => {
    const { families, apart, synonyms, thesaurus } = wordsPage(library());
    const words = (groups: Array<Array<{ word: string }>>) => groups.map((group) => group.map(({ word }) => word));
    res.json({
      families: words(families),
      apart: words(apart),
      synonyms: words(synonyms),
      thesaurus: thesaurus.map(({ typed, found }) => ({
        typed: typed.map(({ word }) => word),
        found: found.map(({ word }) => word),
      })),
    });
  });
  return router;
}
