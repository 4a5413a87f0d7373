import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import {
  isRouteErrorResponse,
  Link,
  useParams,
  useRouteError,
  type ErrorResponse,
  type Params,
} from '@remix-run/react';
import type { ReactNode } from 'react';

/** Renders the page for one status a route knows more about (an unknown coin, say). */
export type StatusHandler = (info: { error: ErrorResponse; params: Params }) => ReactNode;

/** The text a thrown Response carries: a string body, or `{ error }` as the JSON API answers. */
export function errorMessage(error: ErrorResponse): string {
  if (typeof error.data === 'string') return error.data;
  const body = error.data as { error?: unknown } | null;
  return typeof body?.error === 'string' ? body.error : '';
}

/** The error page's frame, in the app's style: a title, what happened, and ways on. */
export function ErrorPage({
  title,
  tone,
  children,
  actions,
}: {
  title: string;
  /** Blue for "not here" (a 404), red for a failure. */
  tone: 'info' | 'failure';
  children: ReactNode;
  /** Links onwards; "Back to home" is always offered last. */
  actions?: ReactNode;
}) {
  return (
    <Stack maw={560} gap="md" py="xl" data-testid="error-page">
      <Title order={2}>{title}</Title>
      <Alert color={tone === 'info' ? 'blue' : 'red'} variant="light">
        {children}
      </Alert>
      <Group gap="sm">
        {actions}
        <Button component={Link} to="/" variant="default" w="fit-content" data-testid="error-home">
          Back to home
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Shared boundary: a 404 and a crash both render inside the app's style, never a blank page. A
 * route passes `statusHandlers` to say more about a status it throws (as the Epic Stack does).
 */
export function GeneralErrorBoundary({ statusHandlers }: { statusHandlers?: Record<number, StatusHandler> } = {}) {
  const error = useRouteError();
  const params = useParams();
  if (isRouteErrorResponse(error)) {
    const handler = statusHandlers?.[error.status];
    if (handler) return <>{handler({ error, params })}</>;
    if (error.status === 404) {
      return (
        <ErrorPage title="Page not found" tone="info">
          <Text>There is no page at this address.</Text>
        </ErrorPage>
      );
    }
    return (
      <ErrorPage title={`${error.status} ${error.statusText}`} tone="failure">
        <Text>{errorMessage(error)}</Text>
      </ErrorPage>
    );
  }
  return (
    <ErrorPage title="Something went wrong" tone="failure">
      <Text>The server hit an unexpected error. It has been logged; try again in a moment.</Text>
    </ErrorPage>
  );
}
