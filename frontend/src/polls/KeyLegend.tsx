// KeyLegend is the big screen's list of keyboard shortcuts: out of sight
// until "?" is pressed or its button takes focus (Tab), so it never clutters
// what the room sees.
import { legend } from './presenterKeys';

export function KeyLegend({ open, toggle }: { open: boolean; toggle(): void }) {
  return (
    <div class="app-present__keys">
      <div id="present-keys" class="app-present__legend" hidden={!open}>
        <h2 class="app-present__legend-title">Keyboard shortcuts</h2>
        <dl>
          {legend.map(([ks, what]) => (
            <div key={what}>
              <dt>
                {ks.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' or '}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </div>
      <button type="button" class="app-present__keys-button" aria-expanded={open} aria-controls="present-keys" onClick={toggle}>
        {open ? 'Hide keyboard shortcuts' : 'Keyboard shortcuts'}
      </button>
    </div>
  );
}
