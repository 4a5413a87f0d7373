import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';

/** Shared boundary: a 404 and a crash both render inside the app's style, never a blank page. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title =
    status === 404
      ? 'Page not found'
      : isRouteErrorResponse(error)
        ? `${error.status} ${error.statusText}`
        : 'Something went wrong';
  const detail =
    status === 404
      ? 'There is no page at this address.'
      : isRouteErrorResponse(error)
        ? typeof error.data === 'string'
          ? error.data
          : ((error.data as { error?: string })?.error ?? '')
        : 'The server hit an unexpected error. It has been logged; try again in a moment.';
  return (
    <Stack maw={560} gap="md" py="xl" data-testid="error-page">
      <Title order={2}>{title}</Title>
      <Alert color={status === 404 ? 'blue' : 'red'} variant="light">
        <Text>{detail}</Text>
      </Alert>
      <Button component={Link} to="/" variant="default" w="fit-content">
        Back to home
      </Button>
    </Stack>
  );
}
