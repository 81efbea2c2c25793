'use client';

import { useCallback, useEffect, useState, type RefObject } from 'react';

/** Whether `element` is in fullscreen (Fullscreen API), and a toggle; Escape leaves it as usual. */
export function useFullscreen(element: RefObject<HTMLElement | null>): { fullscreen: boolean; toggle: () => void } {
  const [fullscreen, setFullscreen] = useState(false);

  useEffect(() => {
    const update = () => setFullscreen(document.fullscreenElement !== null && document.fullscreenElement === element.current);
    document.addEventListener('fullscreenchange', update);
    return () => document.removeEventListener('fullscreenchange', update);
  }, [element]);

  const toggle = useCallback(() => {
    // Refusals (no user gesture, an iframe without allowfullscreen) leave the page as it was.
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else void element.current?.requestFullscreen().catch(() => undefined);
  }, [element]);

  return { fullscreen, toggle };
}
