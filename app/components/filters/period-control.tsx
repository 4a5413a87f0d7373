import { SegmentedControl, Stack, Text } from '@mantine/core';
import { PERIODS, type Period } from '~/components/funding-table/table-params';

/** The averaging period (`period`) the lists' APRs are taken over. */
export function PeriodControl({
  idPrefix,
  value,
  onChange,
}: {
  /** Page prefix of the label id and test id (`table` → `table-period`). */
  idPrefix: string;
  value: Period;
  onChange: (period: Period) => void;
}) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={`${idPrefix}-period-label`}>
        Average over
      </Text>
      <SegmentedControl
        aria-labelledby={`${idPrefix}-period-label`}
        name="period"
        size="xs"
        data={[...PERIODS]}
        value={value}
        onChange={(period) => onChange(period as Period)}
        data-testid={`${idPrefix}-period`}
      />
    </Stack>
  );
}
