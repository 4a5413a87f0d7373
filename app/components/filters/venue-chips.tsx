import { Chip, Group } from '@mantine/core';
import { VENUES, VENUE_NAMES, type VenueId } from '~/lib/venues';

/**
 * Venue filter: a chip per venue, all ticked meaning "no filter". Checkboxes named `exchanges`,
 * so a plain form submit (before hydration) sends the same parameter as the API takes.
 */
export function VenueChips({
  selected,
  onChange,
  idPrefix,
}: {
  /** Empty: every venue. */
  selected: readonly VenueId[];
  onChange: (venues: VenueId[]) => void;
  idPrefix: string;
}) {
  const shown = selected.length ? [...selected] : [...VENUES];
  const change = (values: string[]) => {
    const picked = VENUES.filter((v) => values.includes(v));
    // None or all ticked both mean every venue (an empty filter would show nothing).
    onChange(picked.length === VENUES.length ? [] : picked);
  };
  return (
    <Chip.Group multiple value={shown} onChange={change}>
      <Group gap={6} data-testid="venue-filter" role="group" aria-label="Venues">
        {VENUES.map((v) => (
          <Chip
            key={v}
            id={`${idPrefix}-venue-${v}`}
            value={v}
            name="exchanges"
            size="xs"
            variant="outline"
            data-testid={`venue-chip-${v}`}
          >
            {VENUE_NAMES[v]}
          </Chip>
        ))}
      </Group>
    </Chip.Group>
  );
}
