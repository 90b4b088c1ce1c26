import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../shared/bridge';
import { fromAppOnly, registerIpc } from './ipc';

vi.mock('electron', () => ({}));

const APP = 'file:///opt/ServoLab/out/renderer/index.html';
const event = (url: string | null, parent: unknown = null) => ({ senderFrame: url === null ? null : { url, parent } }) as never;

function registered() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  registerIpc({ handle: (channel: string, fn: (event: unknown) => unknown) => handlers.set(channel, fn) } as never, APP, '1.2.3');
  return handlers;
}

describe('IPC handlers', () => {
  it('registers the version channel', () => {
    expect([...registered().keys()]).toEqual([CHANNELS.version]);
  });

  it('answers the version to our renderer', () => {
    expect(registered().get(CHANNELS.version)!(event(APP))).toBe('1.2.3');
  });

  it('rejects a foreign, a destroyed or a nested sender frame', () => {
    const handler = registered().get(CHANNELS.version)!;
    expect(() => handler(event('https://evil.example/'))).toThrow(/lab:version: refused, untrusted sender/);
    expect(() => handler(event('file:///home/user/Downloads/evil.html'))).toThrow(/untrusted sender/);
    expect(() => handler(event(null))).toThrow(/untrusted sender/);
    expect(() => handler(event(APP, { url: 'https://evil.example/' }))).toThrow(/untrusted sender/);
  });

  it('never runs the wrapped handler for an untrusted sender', () => {
    const inner = vi.fn(() => 'secret');
    const guarded = fromAppOnly(APP, 'lab:test', inner);
    expect(() => guarded(event('https://evil.example/'), 1)).toThrow();
    expect(inner).not.toHaveBeenCalled();
    expect(guarded(event(APP), 1, 2)).toBe('secret');
    expect(inner).toHaveBeenCalledWith(event(APP), 1, 2);
  });
});
