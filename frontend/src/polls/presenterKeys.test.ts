import { describe, expect, it } from 'vitest';
import { keyAction } from './presenterKeys';

const press = (key: string, more: Partial<KeyboardEvent> = {}) =>
  keyAction({ key, ctrlKey: false, altKey: false, metaKey: false, repeat: false, target: document.body, ...more });

describe('the presenter keys', () => {
  it('maps letters, arrows and a clicker’s keys to actions', () => {
    expect(['f', 'F', 'n', 'N', 'ArrowRight', 'PageDown', 'p', 'ArrowLeft', 'PageUp', 'r', 'h', 'b', '.', '?', 'Escape'].map((k) => press(k))).toEqual([
      'fullscreen',
      'fullscreen',
      'next',
      'next',
      'next',
      'next',
      'previous',
      'previous',
      'previous',
      'reveal',
      'hide',
      'toggle',
      'toggle',
      'legend',
      'close',
    ]);
    expect(press('x')).toBeNull();
    expect(press('Tab')).toBeNull();
  });

  it('leaves the browser’s shortcuts, held keys and typing alone', () => {
    expect(press('r', { ctrlKey: true })).toBeNull();
    expect(press('f', { metaKey: true })).toBeNull();
    expect(press('n', { altKey: true })).toBeNull();
    expect(press('n', { repeat: true })).toBeNull();
    expect(press('n', { target: document.createElement('input') })).toBeNull();
    expect(press('n', { target: document.createElement('textarea') })).toBeNull();
  });
});
