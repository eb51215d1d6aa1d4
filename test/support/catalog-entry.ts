// A catalog entry for a test: the fields every report entry has (a 2024 TIP report, Tier 3, no address),
// with what the test is about given as overrides. One place, so a new catalog field changes one helper.
export function catalogEntry(overrides: Record<string, unknown> = {}) {
  return {
    id: '2024-tip',
    file: '2024-tip.txt',
    type: 'report',
    title: 'North Korea (Tier 3)',
    report: 'Trafficking in Persons Report 2024',
    year: 2024,
    tier: 3,
    publisher: 'U.S. Department of State',
    author: null,
    published: null,
    url: null,
    urlVerified: false,
    via: null,
    ...overrides,
  };
}
