import { describe, expect, it } from 'vitest';
import { Disposable } from '../../../src/vscode/disposable';

/** An owner that records what it released, in order. */
class Owner extends Disposable {
  readonly released: string[] = [];

  own(name: string): void {
    this.register({ dispose: () => this.released.push(name) });
  }

  cleanup(name: string): void {
    this.onDispose(() => this.released.push(name));
  }
}

describe('Disposable', () => {
  it('releases what it owns newest first, once', () => {
    const owner = new Owner();
    owner.own('provider');
    owner.cleanup('timer');
    owner.own('listener');
    owner.dispose();
    owner.dispose();
    expect(owner.released).toEqual(['listener', 'timer', 'provider']);
  });

  it('releases at once what is handed to it after it was disposed', () => {
    const owner = new Owner();
    owner.dispose();
    owner.own('late listener');
    expect(owner.released).toEqual(['late listener']);
  });
});
