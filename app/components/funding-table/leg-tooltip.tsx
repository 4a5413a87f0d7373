// One tooltip for every APR cell of the table, instead of a Tooltip per cell (a 200-row page has
// 1,400 of them): it listens on the table container, finds the hovered or focused cell by its
// `data-leg` key, and renders that leg's details. Only this component re-renders on hover.
import { Divider, Group, Paper, Portal, Stack, Text } from '@mantine/core';
import { useEffect, useState, type RefObject } from 'react';
import { formatDuration } from '~/lib/format';
import { formatAprPct, formatIntervalHours, formatRatePct, formatUnitPrice } from '~/lib/funding-format';
import { VENUE_NAMES } from '~/lib/venues';
import { LocalTime } from '~/components/market/local-time';
import { Countdown } from './countdown';
import { useNow } from './use-now';
import type { TableLeg } from './table-types';

export const LEG_TOOLTIP_ID = 'leg-tooltip';
const WIDTH_PX = 270;

interface Anchor {
  key: string;
  top: number;
  left: number;
}

function anchorOf(cell: Element): Anchor | null {
  const key = cell.getAttribute('data-leg');
  if (!key) return null;
  const r = cell.getBoundingClientRect();
  const left = Math.min(Math.max(8, r.left + r.width / 2 - WIDTH_PX / 2), window.innerWidth - WIDTH_PX - 8);
  return { key, top: r.bottom + 6, left };
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group justify="space-between" gap="md" wrap="nowrap">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xs" ff="monospace" ta="right">
        {children}
      </Text>
    </Group>
  );
}

function UpdatedAgo({ iso }: { iso: string }) {
  const now = useNow();
  const at = Date.parse(iso);
  return <>{now === null ? '—' : `${formatDuration(Math.max(0, now - at))} ago`}</>;
}

function LegDetails({ leg, others, period }: { leg: TableLeg; others: number; period: string }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {VENUE_NAMES[leg.exchange]} · {leg.symbol}
        {leg.multiplier !== 1 ? ` (×${leg.multiplier})` : ''}
      </Text>
      <Row label="Live APR">{formatAprPct(leg.live_apr)}</Row>
      <Row label={`${period} average APR`}>{leg.hist_apr === null ? 'no history yet' : formatAprPct(leg.hist_apr)}</Row>
      <Row label="Rate per interval">{formatRatePct(leg.rate)}</Row>
      {leg.predicted_rate !== null && <Row label="Predicted next rate">{formatRatePct(leg.predicted_rate)}</Row>}
      <Row label="Interval">{formatIntervalHours(leg.interval_h, leg.continuous)}</Row>
      <Row label="Next funding">
        {leg.next_funding_time ? (
          <>
            in <Countdown atIso={leg.next_funding_time} size="xs" />
          </>
        ) : leg.continuous ? (
          'accrues continuously'
        ) : (
          '—'
        )}
      </Row>
      {leg.next_funding_time && (
        <Row label="at">
          <LocalTime ms={Date.parse(leg.next_funding_time)} />
        </Row>
      )}
      <Row label="Price (per unit)">{formatUnitPrice(leg.price)}</Row>
      <Divider />
      <Text size="xs" c={leg.stale ? 'orange' : 'dimmed'}>
        {leg.stale ? 'Stale: ' : ''}updated <UpdatedAgo iso={leg.updated_at} />
        {leg.stale ? ' — left out of the spread' : ''}
      </Text>
      {others > 0 && (
        <Text size="xs" c="dimmed">
          +{others} more contract{others > 1 ? 's' : ''} on this venue (see the coin page)
        </Text>
      )}
    </Stack>
  );
}

export function LegTooltip({
  containerRef,
  lookup,
  period,
}: {
  containerRef: RefObject<HTMLElement | null>;
  lookup: (key: string) => { leg: TableLeg; others: number } | null;
  period: string;
}) {
  const [anchor, setAnchor] = useState<Anchor | null>(null);

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    // The cell the tooltip describes, for screen readers; cleared when it closes.
    let described: Element | null = null;
    const describe = (cell: Element | null) => {
      if (described === cell) return;
      described?.removeAttribute('aria-describedby');
      cell?.setAttribute('aria-describedby', LEG_TOOLTIP_ID);
      described = cell;
    };
    const show = (e: Event) => {
      const cell = e.target instanceof Element ? e.target.closest('[data-leg]') : null;
      const next = cell ? anchorOf(cell) : null;
      setAnchor((prev) => (prev?.key === next?.key && prev?.top === next?.top ? prev : next));
      describe(next ? cell : null);
    };
    const hide = () => {
      setAnchor(null);
      describe(null);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') hide();
    };
    el.addEventListener('mouseover', show);
    el.addEventListener('focusin', show);
    el.addEventListener('mouseleave', hide);
    el.addEventListener('focusout', hide);
    el.addEventListener('keydown', onKey);
    // Any scroll moves the cell away from a fixed tooltip: close rather than float elsewhere.
    window.addEventListener('scroll', hide, true);
    return () => {
      el.removeEventListener('mouseover', show);
      el.removeEventListener('focusin', show);
      el.removeEventListener('mouseleave', hide);
      el.removeEventListener('focusout', hide);
      el.removeEventListener('keydown', onKey);
      window.removeEventListener('scroll', hide, true);
      describe(null);
    };
  }, [containerRef]);

  const found = anchor ? lookup(anchor.key) : null;
  if (!anchor || !found) return null;
  return (
    <Portal>
      <Paper
        id={LEG_TOOLTIP_ID}
        role="tooltip"
        data-testid="leg-tooltip"
        shadow="md"
        withBorder
        p="xs"
        w={WIDTH_PX}
        style={{ position: 'fixed', top: anchor.top, left: anchor.left, zIndex: 400, pointerEvents: 'none' }}
      >
        <LegDetails leg={found.leg} others={found.others} period={period} />
      </Paper>
    </Portal>
  );
}
