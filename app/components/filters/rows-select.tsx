import { NativeSelect } from '@mantine/core';
import { PAGE_SIZES } from '~/components/funding-table/table-params';

/** Rows per page (`page_size`) of the lists. */
export function RowsSelect({
  idPrefix,
  value,
  onChange,
}: {
  /** Page prefix of the element id and test id (`table` → `table-page-size`). */
  idPrefix: string;
  value: number;
  onChange: (pageSize: number) => void;
}) {
  return (
    <NativeSelect
      id={`${idPrefix}-page-size`}
      name="page_size"
      label="Rows"
      size="xs"
      w={90}
      data={PAGE_SIZES.map(String)}
      value={String(value)}
      onChange={(e) => onChange(Number(e.currentTarget.value))}
      data-testid={`${idPrefix}-page-size`}
    />
  );
}
