import { importChatJsonl } from './chatJsonl';
import { importEpisodeLog } from './episodeLog';
import type { ImportOptions } from './importOptions';
import type { ImportResult, SourceFormat } from './importResult';
import { importRelaxResults } from './relaxResults';
import { importSlimeSamples } from './slimeSamples';
import { importTapRecords } from './tapImporter';
import { importTau2ResultsFile } from './tau2Results';

/** Text formats this process reads by itself; `slime-dump` (a pickle) needs the Python converter first. */
export type TextFormat = Exclude<SourceFormat, 'slime-dump'>;

const IMPORTERS: Record<TextFormat, (text: string, file: string, options: ImportOptions) => ImportResult> = {
  tap: importTapRecords,
  tau2: importTau2ResultsFile,
  'tau2-recipe': importSlimeSamples,
  episode: importEpisodeLog,
  chat: importChatJsonl,
  relax: importRelaxResults,
};

export function importText(
  format: TextFormat,
  text: string,
  file: string,
  options: ImportOptions = {},
): ImportResult {
  return IMPORTERS[format](text, file, options);
}
