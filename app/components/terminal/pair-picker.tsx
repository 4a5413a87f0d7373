import { Button, Group, NativeSelect } from '@mantine/core';
import { Form, Link, useSubmit } from '@remix-run/react';
import { memo } from 'react';
import { VENUE_NAMES, VENUES, type VenueId } from '~/lib/venues';

export interface PairPickerProps {
  asset: string;
  /** Assets both chosen venues list (the current one is always offered). */
  assets: string[];
  long: { venue: VenueId; symbol: string | null; explicit: boolean };
  short: { venue: VenueId; symbol: string | null; explicit: boolean };
}

/**
 * Asset and the two venues, as a GET form: it works without JavaScript (the Show button), and
 * with it every change navigates at once.
 */
export const PairPicker = memo(function PairPicker({ asset, assets, long, short }: PairPickerProps) {
  const submit = useSubmit();
  const assetOptions = assets.includes(asset) ? assets : [asset, ...assets];
  const legOptions = (leg: PairPickerProps['long']) => {
    const options: { value: string; label: string }[] = VENUES.map((v) => ({ value: v, label: VENUE_NAMES[v] }));
    if (leg.explicit && leg.symbol) {
      options.unshift({ value: `${leg.venue}:${leg.symbol}`, label: `${VENUE_NAMES[leg.venue]} ${leg.symbol}` });
    }
    return options;
  };
  const legValue = (leg: PairPickerProps['long']) =>
    leg.explicit && leg.symbol ? `${leg.venue}:${leg.symbol}` : leg.venue;
  const swapParams = new URLSearchParams({ asset, long: legValue(short), short: legValue(long) });
  return (
    <Form method="get" onChange={(e) => submit(e.currentTarget, { replace: true, preventScrollReset: true })}>
      <Group gap="sm" align="end" wrap="wrap">
        <NativeSelect label="Asset" name="asset" defaultValue={asset} data={assetOptions} w={130} key={`a-${asset}`} />
        <NativeSelect
          label="Long"
          name="long"
          defaultValue={legValue(long)}
          data={legOptions(long)}
          w={190}
          key={`l-${legValue(long)}`}
        />
        <NativeSelect
          label="Short"
          name="short"
          defaultValue={legValue(short)}
          data={legOptions(short)}
          w={190}
          key={`s-${legValue(short)}`}
        />
        <Button type="submit" variant="default">
          Show
        </Button>
        <Button component={Link} to={`?${swapParams}`} variant="subtle" replace preventScrollReset>
          Swap legs
        </Button>
      </Group>
    </Form>
  );
});
