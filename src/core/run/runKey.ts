/** The alias of this machine among the boxes; every other alias names an SSH host. */
export const LOCAL_ALIAS = 'local';

/**
 * What names a run across boxes (the viewer's run, the explorer's row, a run's monitor and console):
 * its directory on this machine, "alias:directory" on any other box, so two boxes' identical paths stay
 * apart. It is a key, not a path: compare keys built here, never take one apart.
 */
export const runKey = (alias: string, dir: string): string =>
  alias === LOCAL_ALIAS ? dir : `${alias}:${dir}`;
