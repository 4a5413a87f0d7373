// /login: username + password through remix-auth's FormStrategy (the same checkLogin as
// /api/token/, so the same throttling and messages). Works without JavaScript.
import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { createAuthenticator, LoginRefusedError, PASSWORD_STRATEGY } from '~/.server/auth/authenticator';
import { assertSameOriginForm } from '~/.server/auth/csrf';
import { LOGIN_FAILED, throttledMessage } from '~/.server/auth/login';
import { safeRedirect } from '~/.server/auth/safe-redirect';
import { createUserSession, getOptionalUser } from '~/.server/auth/session';
import { AuthCard, fieldError } from '~/components/auth-card';
import { GeneralErrorBoundary } from '~/components/error-boundary';

export const meta: MetaFunction = () => [{ title: 'Log in · Funding Arb Terminal' }];

// A page response carries action headers only through this export (Retry-After when throttled).
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const out = new Headers();
  const retryAfter = actionHeaders.get('Retry-After');
  if (retryAfter) out.set('Retry-After', retryAfter);
  return out;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get('redirectTo'), '/profile');
  if (await getOptionalUser(request, context)) throw redirect(redirectTo);
  return { redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOriginForm(request, context);
  // The strategy reads the body itself, so read our own fields from a copy.
  const form = await request.clone().formData();
  const redirectTo = safeRedirect(form.get('redirectTo'), '/profile');
  const username = typeof form.get('username') === 'string' ? String(form.get('username')) : '';
  try {
    const user = await createAuthenticator(context).authenticate(PASSWORD_STRATEGY, request);
    return await createUserSession(request, context, user.id, redirectTo);
  } catch (err) {
    if (!(err instanceof LoginRefusedError)) throw err;
    const { refusal } = err;
    if (refusal.reason === 'fields')
      return data({ username, errors: refusal.errors, formError: null }, { status: 400 });
    if (refusal.reason === 'throttled') {
      return data(
        { username, errors: {}, formError: `Too many failed logins. ${throttledMessage(refusal.retryAfterSec)}` },
        { status: 429, headers: { 'Retry-After': String(refusal.retryAfterSec) } },
      );
    }
    return data({ username, errors: {}, formError: LOGIN_FAILED }, { status: 401 });
  }
}

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  return (
    <AuthCard
      title="Log in"
      subtitle="Favourites, positions and exchange keys are kept per account."
      formError={result?.formError}
    >
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Stack gap="sm">
          <TextInput
            label="Username"
            id="login-username"
            name="username"
            autoComplete="username"
            defaultValue={result?.username}
            error={fieldError(result?.errors, 'username')}
            required
            autoFocus
          />
          <PasswordInput
            label="Password"
            id="login-password"
            name="password"
            autoComplete="current-password"
            error={fieldError(result?.errors, 'password')}
            required
          />
          <Button type="submit" loading={busy}>
            Log in
          </Button>
          <Text size="sm" c="dimmed">
            No account yet?{' '}
            <Anchor component={Link} to={`/register?${new URLSearchParams({ redirectTo })}`}>
              Register
            </Anchor>
          </Text>
        </Stack>
      </Form>
    </AuthCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
