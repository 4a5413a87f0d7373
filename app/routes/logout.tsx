// /logout: POST ends the session. A GET never logs anyone out (a link or an image on another
// site could trigger it); it offers the button instead.
import { Button, Stack, Text, Title } from '@mantine/core';
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form } from '@remix-run/react';
import { assertSameOriginForm } from '~/.server/auth/csrf';
import { destroyUserSession, getOptionalUser } from '~/.server/auth/session';
import { GeneralErrorBoundary } from '~/components/error-boundary';

export const meta: MetaFunction = () => [{ title: 'Log out · Funding Arb Terminal' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!(await getOptionalUser(request, context))) throw redirect('/');
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOriginForm(request, context);
  return destroyUserSession(request, context);
}

export default function Logout() {
  return (
    <Stack maw={420} mx="auto" py="xl" gap="md">
      <Title order={2}>Log out</Title>
      <Text c="dimmed">End this browser's session?</Text>
      <Form method="post">
        <Button type="submit">Log out</Button>
      </Form>
    </Stack>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
