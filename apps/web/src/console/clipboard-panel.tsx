'use client';

import { useEffect, useId, useState } from 'react';

/** Text the guest put on its clipboard (noVNC's `clipboard` event), with when it came. */
export interface GuestClipboard {
  text: string;
  at: Date;
}

/** How far "Type as keystrokes" got. */
export interface TypingProgress {
  typed: number;
  total: number;
}

interface ClipboardPanelProps {
  /** The guest's latest clipboard; replaces the text when it changes. */
  fromGuest: GuestClipboard | undefined;
  /** View-only consoles read the guest's clipboard but send nothing. */
  viewOnly: boolean;
  connected: boolean;
  typing: TypingProgress | undefined;
  /** Characters the last typing left out (not on a US keyboard). */
  skipped: number;
  onSend: (text: string) => void;
  onType: (text: string) => void;
  onStopTyping: () => void;
}

/**
 * The clipboard beside the screen: what the guest copied, and text to send to its clipboard or, for
 * guests without a VNC clipboard (BIOS, installers, consoles without an agent), to type key by key.
 */
export function ClipboardPanel({ fromGuest, viewOnly, connected, typing, skipped, onSend, onType, onStopTyping }: ClipboardPanelProps) {
  const id = useId();
  const [text, setText] = useState('');

  useEffect(() => {
    if (fromGuest) setText(fromGuest.text);
  }, [fromGuest]);

  return (
    <aside className="console__aside card" aria-labelledby={`${id}-title`} data-testid="console-clipboard">
      <h2 id={`${id}-title`} className="card__title">
        Clipboard
      </h2>
      <label className="field__label" htmlFor={`${id}-text`}>
        {viewOnly ? 'Copied in the guest' : 'Text to send, or copied in the guest'}
      </label>
      <textarea id={`${id}-text`} className="input input--mono console__clipboard-text" value={text} onChange={(event) => setText(event.target.value)} rows={8} readOnly={viewOnly} spellCheck={false} />
      {fromGuest && <p className="field__hint">From the guest at {fromGuest.at.toLocaleTimeString()}.</p>}
      {!viewOnly && (
        <div className="console__aside-actions">
          <button type="button" className="btn btn--sm" disabled={!connected || text === '' || typing !== undefined} onClick={() => onSend(text)}>
            Send to guest clipboard
          </button>
          {typing ? (
            <button type="button" className="btn btn--sm" onClick={onStopTyping} data-testid="console-typing">
              Stop typing ({typing.typed}/{typing.total})
            </button>
          ) : (
            <button type="button" className="btn btn--sm" disabled={!connected || text === ''} onClick={() => onType(text)} title="Types the text with key presses, for guests without a VNC clipboard (US keyboard layout)">
              Type as keystrokes
            </button>
          )}
          {skipped > 0 && (
            <p className="field__hint" data-testid="console-typing-skipped">
              {skipped} {skipped === 1 ? 'character was' : 'characters were'} left out: only what a US keyboard types can be sent as keys.
            </p>
          )}
        </div>
      )}
    </aside>
  );
}
