import { Group, NumberInput, Paper, SegmentedControl, Text, Tooltip } from '@mantine/core';
import { memo, useState } from 'react';
import { TOOLTIP_EVENTS } from '~/components/market/tooltip-events';
import { estimatePair, type LegFill, type PairBooks, type PairLegsAtSize } from '~/lib/book-math';
import { formatBps, formatPrice, formatQuote, formatSize } from '~/lib/format';
import classes from './size-estimator.module.css';

export interface SizeEstimatorProps {
  books: PairBooks;
  live: boolean;
  baseAsset: string;
  quoteLabel: string;
  longName: string;
  shortName: string;
  longTakerRate: number;
  shortTakerRate: number;
  priceDecimals: number;
  /** Levels per side the books carry: "insufficient depth" means within these. */
  levels: number;
}

type Unit = 'quote' | 'base';

/**
 * What entering (and exiting) the pair at a size would cost now: each leg walked through its
 * book, average price, slippage against the best price, taker fee; then the spread at size and
 * net of fees. Both legs trade the same base size.
 */
export function SizeEstimator(props: SizeEstimatorProps) {
  const { books, live, baseAsset, quoteLabel, priceDecimals, levels } = props;
  const [unit, setUnit] = useState<Unit>('quote');
  const [amount, setAmount] = useState<number | string>(10_000);
  const numeric = typeof amount === 'number' ? amount : Number(String(amount).replace(/,/g, ''));
  const estimate = estimatePair(
    books,
    { unit, amount: numeric },
    { longTakerRate: props.longTakerRate, shortTakerRate: props.shortTakerRate },
  );

  return (
    <Paper withBorder p="sm" data-testid="size-estimator" data-live={live ? 'true' : 'false'}>
      <SizeInputs
        amount={amount}
        unit={unit}
        onAmount={setAmount}
        onUnit={setUnit}
        baseAsset={baseAsset}
        quoteLabel={quoteLabel}
      />
      {!estimate ? (
        <Text size="sm" c="dimmed" role="status">
          {numeric > 0 ? 'Waiting for both books to price this size.' : 'Enter a size to see slippage and fees.'}
        </Text>
      ) : (
        <>
          <Text size="xs" c="dimmed" mb={4}>
            {formatSize(estimate.baseSize, 4)} {baseAsset} per leg
            {estimate.refPrice !== null && unit === 'quote'
              ? ` at ${formatPrice(estimate.refPrice, priceDecimals)}`
              : ''}
          </Text>
          {!live && (
            <Text size="xs" c="orange" mb={4} role="status" data-testid="size-estimate-not-live">
              A book is not live: these figures are from its last good state and may be off.
            </Text>
          )}
          {/* Faded like the books themselves while one of them is not live. */}
          <table className={classes.table} style={live ? undefined : { opacity: 0.45 }}>
            <thead>
              <tr>
                <th>Leg</th>
                <th>Avg price</th>
                <th>Slippage</th>
                <th>Fee</th>
              </tr>
            </thead>
            <tbody>
              <Direction name="entry" legs={estimate.entry} {...props} />
              <Direction name="exit" legs={estimate.exit} {...props} />
            </tbody>
          </table>
          <Text size="xs" c="dimmed" mt={4}>
            Fees in {quoteLabel}, at each venue&apos;s taker rate. B buys, S sells.
          </Text>
          {(!estimate.entry.complete || !estimate.exit.complete) && (
            <Text size="xs" c="orange" mt={4} role="status">
              Not enough depth in the {levels} levels shown: the shortfall is marked per leg.
            </Text>
          )}
        </>
      )}
    </Paper>
  );
}

/** Title, amount and unit; memoised so the per-frame repaint of the figures skips them. */
const SizeInputs = memo(function SizeInputs({
  amount,
  unit,
  onAmount,
  onUnit,
  baseAsset,
  quoteLabel,
}: {
  amount: number | string;
  unit: Unit;
  onAmount: (v: number | string) => void;
  onUnit: (v: Unit) => void;
  baseAsset: string;
  quoteLabel: string;
}) {
  return (
    <>
      <Text fw={600} mb="xs">
        Size per leg
      </Text>
      <Group gap="xs" align="end" wrap="nowrap" mb="sm">
        <NumberInput
          label={unit === 'quote' ? `Notional (${quoteLabel})` : `Amount (${baseAsset})`}
          value={amount}
          onChange={onAmount}
          min={0}
          thousandSeparator=","
          decimalScale={unit === 'quote' ? 2 : 8}
          hideControls
          style={{ flex: 1 }}
          data-testid="size-input"
          inputMode="decimal"
        />
        <SegmentedControl
          value={unit}
          onChange={(v) => onUnit(v as Unit)}
          data={[
            { value: 'quote', label: quoteLabel },
            { value: 'base', label: baseAsset },
          ]}
          aria-label="Size unit"
        />
      </Group>
    </>
  );
});

/** The summary label with its explanation on hover or focus; memoised (static per direction). */
const SummaryLabel = memo(function SummaryLabel({ name }: { name: 'entry' | 'exit' }) {
  return (
    <Tooltip events={TOOLTIP_EVENTS} label="Spread of the two average prices, minus both taker fees in bps" withArrow>
      <Text size="xs" fw={600} tabIndex={0} span>
        {name === 'entry' ? 'Entry' : 'Exit'} at size
      </Text>
    </Tooltip>
  );
});

function Direction({
  name,
  legs,
  longName,
  shortName,
  baseAsset,
  quoteLabel,
  priceDecimals,
}: { name: 'entry' | 'exit'; legs: PairLegsAtSize } & SizeEstimatorProps) {
  const fees = legs.long.feeQuote + legs.short.feeQuote;
  const netClass = legs.netBps === null ? undefined : legs.netBps >= 0 ? classes.pos : classes.neg;
  return (
    <>
      <LegRow leg={legs.long} venue={longName} testId={`slippage-${name}-long`} {...{ baseAsset, priceDecimals }} />
      <LegRow leg={legs.short} venue={shortName} testId={`slippage-${name}-short`} {...{ baseAsset, priceDecimals }} />
      <tr>
        <td colSpan={4} className={classes.summary}>
          <div className={classes.summaryLine}>
            <SummaryLabel name={name} />
            <span className={classes.mono} title={`Fees ${formatQuote(fees, quoteLabel)} at this size`}>
              {formatBps(legs.spreadBps)} − {legs.feesBps.toFixed(2)} fees ={' '}
              <span className={netClass} data-testid={`net-${name}-bps`}>
                {formatBps(legs.netBps)}
              </span>
            </span>
          </div>
        </td>
      </tr>
    </>
  );
}

function LegRow({
  leg,
  venue,
  testId,
  baseAsset,
  priceDecimals,
}: {
  leg: LegFill;
  venue: string;
  testId: string;
  baseAsset: string;
  priceDecimals: number;
}) {
  const buy = leg.side === 'buy';
  return (
    <tr>
      <td className={classes.leg} title={`${buy ? 'Buy' : 'Sell'} on ${venue}`}>
        <abbr className={buy ? classes.buy : classes.sell} title={buy ? 'Buy' : 'Sell'}>
          {buy ? 'B' : 'S'}
        </abbr>{' '}
        {venue}
      </td>
      <td>{formatPrice(leg.avgPrice, priceDecimals)}</td>
      <td>
        <span data-testid={testId}>{formatBps(leg.slippageBps)}</span>
        {!leg.complete && (
          <span className={classes.short}>
            short {formatSize(leg.shortfall, 4)} {baseAsset}
          </span>
        )}
      </td>
      <td>{formatSize(leg.feeQuote, 2)}</td>
    </tr>
  );
}
