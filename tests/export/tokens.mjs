// What each stored answer must show in an export: its lines, and for
// rows each cell (the words of a cell, where a narrow table column may
// wrap it in a PDF).
import { readFileSync } from 'node:fs';

export function expected(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export const squash = (s) => s.replace(/\s+/g, ' ');

// Returns the list of missing pieces of every answer in `text`.
export function missing(answers, text, { cellWords = false } = {}) {
  const hay = squash(text);
  const lost = [];
  for (const [id, value] of Object.entries(answers)) {
    for (const line of value.split('\n')) {
      // Scale and mark cells ("2", "yes") are shown by name ("partly",
      // a check mark), and too short to look for anyway.
      const cells = line.split('\t').map((c) => c.trim())
        .filter((c) => c && !/^([0-3]|yes)$/.test(c));
      for (const cell of cells) {
        const parts = cellWords && line.includes('\t') ? cell.split(/\s+/) : [squash(cell)];
        for (const p of parts)
          if (!hay.includes(p)) lost.push(`${id}: ${p}`);
      }
    }
  }
  return lost;
}
