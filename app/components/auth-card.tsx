// The frame shared by the login and register pages: a narrow card with a title and, when the
// server refused the whole form (not one field), the reason above the fields.
import { Alert, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function AuthCard({
  title,
  subtitle,
  formError,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  formError?: string | null;
  children: ReactNode;
}) {
  return (
    <Stack maw={420} mx="auto" py="xl" gap="md">
      <Stack gap={4}>
        <Title order={2}>{title}</Title>
        {subtitle && (
          <Text c="dimmed" size="sm">
            {subtitle}
          </Text>
        )}
      </Stack>
      {formError && (
        <Alert color="red" variant="light" role="alert" data-testid="form-error">
          {formError}
        </Alert>
      )}
      <Paper withBorder p="lg" radius="md">
        {children}
      </Paper>
    </Stack>
  );
}

/** DRF's list of messages for one field, as one line under the input. */
export function fieldError(errors: Record<string, string[]> | undefined, field: string): string | undefined {
  const messages = errors?.[field];
  return messages?.length ? messages.join(' ') : undefined;
}
