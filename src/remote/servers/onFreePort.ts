import { PortInUseError } from './launchServer';

/**
 * Runs `attempt` on `port`; while the box answers that the port is in use, asks `another` for a port
 * and tries that one. Undefined once `another` gives none; any other failure is thrown. Starting a server
 * from the Servers view and for an eval share this rule.
 */
export async function onFreePort<T>(
  port: number,
  attempt: (port: number) => PromiseLike<T>,
  another: (busy: PortInUseError) => PromiseLike<number | undefined>,
): Promise<T | undefined> {
  for (let p: number | undefined = port; p !== undefined;) {
    try {
      return await attempt(p);
    } catch (e) {
      if (!(e instanceof PortInUseError)) throw e;
      p = await another(e);
    }
  }
  return undefined;
}
