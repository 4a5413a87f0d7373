import { CloseButton, TextInput } from '@mantine/core';
import { useDebouncedText } from './use-debounced-text';

/**
 * The lists' search box (`q`): commits once typing pauses, with a clear button. Its `name` makes a
 * plain form submit (before hydration) send the same parameter.
 */
export function SearchField({
  idPrefix,
  value,
  onCommit,
  placeholder,
  width,
}: {
  /** Page prefix of the element id and test id (`table` → `table-search`). */
  idPrefix: string;
  /** The search in the URL. */
  value: string;
  onCommit: (q: string) => void;
  placeholder: string;
  width: number;
}) {
  const search = useDebouncedText(value, onCommit);
  return (
    <TextInput
      id={`${idPrefix}-search`}
      name="q"
      label="Search"
      placeholder={placeholder}
      value={search.text}
      onChange={(e) => search.onChange(e.currentTarget.value)}
      maxLength={40}
      w={width}
      autoComplete="off"
      data-testid={`${idPrefix}-search`}
      rightSection={
        search.text ? (
          <CloseButton size="sm" aria-label="Clear search" onClick={() => search.onChange('')} />
        ) : undefined
      }
    />
  );
}
