import { tooDeepAt, tooDeepReason } from '../../shared/jsonDepth';
import { LineIndex } from '../toolcall/lineIndex';
import type { ImportOptions } from './importOptions';
import { ImportProblems } from './importProblems';
import { addJsonLines } from './jsonPathLines';
import type { ImportResult } from './importResult';
import { importTau2Simulations, parseTau2Results } from './tau2Results';

// tau2 v1 directory layout (Results.save(format="dir")): `<dir>/results.json` holds the metadata and a
// `simulation_index`; each simulation is `<dir>/simulations/<id>.json`. Files are found through the index,
// so only reading is needed, which works over any transport.

export async function importTau2ResultsDir(
  dir: string,
  readFile: (path: string) => Promise<string>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const metaPath = `${dir.replace(/\/+$/, '')}/results.json`;
  const problems = new ImportProblems(metaPath);
  const empty: ImportResult = { format: 'tau2', samples: [], steps: [], problems: problems.list, skipped: 1 };
  let text: string;
  try {
    text = await readFile(metaPath);
  } catch (e) {
    problems.report(undefined, '', `cannot read: ${(e as Error).message}`);
    return empty;
  }
  const results = parseTau2Results(text, problems);
  if (results === undefined) return empty;
  const index = results.simulation_index ?? [];
  if (results.simulation_index == null && results.simulations === undefined) {
    problems.report(
      undefined,
      'simulation_index',
      'neither simulation_index nor simulations: no simulations to read',
    );
  }
  const sims = (results.simulations ?? []).map((value, i) => ({
    value,
    problems,
    path: `simulations[${i}]`,
  }));
  const texts = new Map<ImportProblems, string>([[problems, text]]);
  for (const [i, entry] of index.entries()) {
    const simPath = `${dir.replace(/\/+$/, '')}/simulations/${entry.id}.json`;
    const simProblems = new ImportProblems(simPath);
    try {
      const simText = await readFile(simPath);
      const deep = tooDeepAt(simText);
      if (deep >= 0)
        throw new Error(`line ${new LineIndex(simText).line(deep)}: not read: ${tooDeepReason()}`);
      texts.set(simProblems, simText);
      sims.push({ value: JSON.parse(simText) as unknown, problems: simProblems, path: '' });
    } catch (e) {
      problems.report(
        undefined,
        `simulation_index[${i}]`,
        `simulation file ${simPath}: ${(e as Error).message}`,
      );
      problems.skipped++;
    }
  }
  const result = importTau2Simulations(results, sims, problems, options);
  for (const [fileProblems, fileText] of texts) addJsonLines(fileProblems.list, fileText);
  return result;
}
