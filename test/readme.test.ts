// The README is part of the product: these checks keep it true as the code changes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOT_CSV_COLUMNS } from '../shared/lotCsv';
import { RENTAL_PRICE_CSV_COLUMNS, RENTAL_PRICE_CSV_RULES } from '../shared/rentalPriceCsv';
import { UTILISATION_CSV_COLUMNS, UTILISATION_CSV_RULES } from '../shared/utilisation';
import pkg from '../package.json';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('opens with the two commands a new user needs', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/u.exec(readme)?.[1] ?? '';
    expect(firstBlock).toContain('npm install && npm start');
    expect(firstBlock).toContain('npm test');
    expect(readme.indexOf('```sh')).toBeLessThan(readme.indexOf('\n## '));
  });

  it('documents every npm script', () => {
    for (const script of Object.keys(pkg.scripts)) {
      expect(readme, `npm run ${script}`).toMatch(new RegExp(`npm (run )?${script}\\b`, 'u'));
    }
  });

  it('documents every lots CSV column', () => {
    for (const c of LOT_CSV_COLUMNS) expect(readme).toContain(`\`${c.name}\``);
  });

  it('documents the utilisation and rental price CSVs as the importers read them', () => {
    for (const c of [...UTILISATION_CSV_COLUMNS, ...RENTAL_PRICE_CSV_COLUMNS]) expect(readme).toContain(`| \`${c.name}\` | ${c.required ? 'yes' : ''} | ${c.description} |`);
    for (const rule of [...UTILISATION_CSV_RULES, ...RENTAL_PRICE_CSV_RULES]) expect(readme).toContain(`- ${rule}`);
  });
});
