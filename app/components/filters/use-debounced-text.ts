import { useEffect, useRef, useState } from 'react';

/**
 * A text field's text (a search, a number being typed), committed through `commit` once typing
 * pauses for `delayMs`. Follows the committed value when it changes elsewhere (back button, a
 * shared link).
 */
export function useDebouncedText(committed: string, commit: (value: string) => void, delayMs = 300) {
  const [text, setText] = useState(committed);
  const commitRef = useRef(commit);
  commitRef.current = commit;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (timer.current === null) setText(committed);
  }, [committed]);

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  const onChange = (value: string) => {
    setText(value);
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      if (value.trim() !== committed) commitRef.current(value.trim());
    }, delayMs);
  };
  return { text, onChange };
}
