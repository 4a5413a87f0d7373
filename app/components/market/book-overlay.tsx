import { Loader, Text } from '@mantine/core';
import type { BookNotice } from './book-state';
import classes from './order-book.module.css';

const COLOR: Record<BookNotice['tone'], string> = { info: 'dimmed', warning: 'orange', error: 'red' };

/** A notice over a book: connecting, resyncing, stale, refused. Announced to screen readers. */
export function BookOverlay({ notice }: { notice: BookNotice }) {
  return (
    <div className={classes.overlay} role="status" aria-live="polite">
      <div className={classes.overlayBox}>
        <Text size="sm" fw={600} c={COLOR[notice.tone]} component="div">
          {notice.tone !== 'error' && (
            <Loader size={12} mr={6} display="inline-block" color={notice.tone === 'warning' ? 'orange' : 'gray'} />
          )}
          {notice.title}
        </Text>
        {notice.detail && (
          <Text size="xs" c="dimmed">
            {notice.detail}
          </Text>
        )}
      </div>
    </div>
  );
}
