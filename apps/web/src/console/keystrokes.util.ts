// "Paste as keystrokes": types text into a guest that has no VNC clipboard (no agent, a BIOS, an
// installer, a login prompt) by sending the key events a US keyboard would. X11 keysyms of printable
// ASCII are the characters' own code points; the physical key code is sent too because QEMU, when it
// offers its extended key events, types the scancode and ignores the keysym.

/** One key event for noVNC's `sendKey(keysym, code, down)`. */
export interface KeyStroke {
  keysym: number;
  /** `KeyboardEvent.code` of the key on a US layout. */
  code: string;
  down: boolean;
}

/** What {@link keystrokesFor} makes of a text: the events in order, per typed character. */
export interface Keystrokes {
  /** One group per character typed, so a caller can pace them. */
  characters: KeyStroke[][];
  /** Characters that a US keyboard cannot type (non-ASCII, control characters): left out. */
  skipped: number;
}

const XK_SHIFT_L = 0xffe1;
const XK_RETURN = 0xff0d;
const XK_TAB = 0xff09;

/** Unshifted and shifted character of each US key that types a symbol, with its code. */
const SYMBOL_KEYS: ReadonlyArray<[string, string, string]> = [
  ['`', '~', 'Backquote'],
  ['1', '!', 'Digit1'],
  ['2', '@', 'Digit2'],
  ['3', '#', 'Digit3'],
  ['4', '$', 'Digit4'],
  ['5', '%', 'Digit5'],
  ['6', '^', 'Digit6'],
  ['7', '&', 'Digit7'],
  ['8', '*', 'Digit8'],
  ['9', '(', 'Digit9'],
  ['0', ')', 'Digit0'],
  ['-', '_', 'Minus'],
  ['=', '+', 'Equal'],
  ['[', '{', 'BracketLeft'],
  [']', '}', 'BracketRight'],
  ['\\', '|', 'Backslash'],
  [';', ':', 'Semicolon'],
  ["'", '"', 'Quote'],
  [',', '<', 'Comma'],
  ['.', '>', 'Period'],
  ['/', '?', 'Slash'],
];

/** Every typeable character → its key code and whether Shift is held. */
const US_KEYS: ReadonlyMap<string, { code: string; shift: boolean }> = (() => {
  const keys = new Map<string, { code: string; shift: boolean }>([[' ', { code: 'Space', shift: false }]]);
  for (let letter = 0; letter < 26; letter++) {
    const lower = String.fromCharCode(0x61 + letter);
    const code = `Key${lower.toUpperCase()}`;
    keys.set(lower, { code, shift: false });
    keys.set(lower.toUpperCase(), { code, shift: true });
  }
  for (const [plain, shifted, code] of SYMBOL_KEYS) {
    keys.set(plain, { code, shift: false });
    keys.set(shifted, { code, shift: true });
  }
  return keys;
})();

const press = (keysym: number, code: string): KeyStroke[] => [
  { keysym, code, down: true },
  { keysym, code, down: false },
];

/**
 * The key events that type `text` on a US keyboard: Shift (left) around shifted characters, Return
 * for each line break (`\r\n`, `\r` and `\n` alike), Tab for tabs.
 */
export function keystrokesFor(text: string): Keystrokes {
  const characters: KeyStroke[][] = [];
  let skipped = 0;
  for (const character of text.replace(/\r\n?/g, '\n')) {
    if (character === '\n') {
      characters.push(press(XK_RETURN, 'Enter'));
      continue;
    }
    if (character === '\t') {
      characters.push(press(XK_TAB, 'Tab'));
      continue;
    }
    const key = US_KEYS.get(character);
    if (!key) {
      skipped++;
      continue;
    }
    const typed = press(character.charCodeAt(0), key.code);
    characters.push(key.shift ? [{ keysym: XK_SHIFT_L, code: 'ShiftLeft', down: true }, ...typed, { keysym: XK_SHIFT_L, code: 'ShiftLeft', down: false }] : typed);
  }
  return { characters, skipped };
}
