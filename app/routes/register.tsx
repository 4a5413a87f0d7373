// /register: the same registerUser as POST /api/register/, then signed straight in.
// Every field's problems are shown under that field. Works without JavaScript.
import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { assertSameOriginForm } from '~/.server/auth/csrf';
import { safeRedirect } from '~/.server/auth/safe-redirect';
import { createUserSession, getOptionalUser } from '~/.server/auth/session';
import { registerUser } from '~/.server/auth/users';
import { PASSWORD_MIN_LENGTH } from '~/.server/auth/passwords';
import { AuthCard, fieldError } from '~/components/auth-card';
import { GeneralErrorBoundary } from '~/components/error-boundary';

export const meta: MetaFunction = () => [{ title: 'Register · Funding Arb Terminal' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get('redirectTo'), '/profile');
  if (await getOptionalUser(request, context)) throw redirect(redirectTo);
  return { redirectTo, passwordMinLength: PASSWORD_MIN_LENGTH };
}

function text(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === 'string' ? v : undefined;
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOriginForm(request, context);
  const form = await request.formData();
  const values = { username: text(form, 'username'), email: text(form, 'email'), password: text(form, 'password') };
  const result = await registerUser(context.services.database.db, values);
  if (!result.ok) {
    // The password is never echoed back into the page.
    return data(
      { errors: result.errors, values: { username: values.username ?? '', email: values.email ?? '' } },
      { status: 400 },
    );
  }
  context.services.log.info('user registered', { userId: result.value.id, via: 'form' });
  return createUserSession(request, context, result.value.id, safeRedirect(text(form, 'redirectTo'), '/profile'));
}

export default function Register() {
  const { redirectTo, passwordMinLength } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const nonField = result?.errors.non_field_errors?.join(' ');
  return (
    <AuthCard title="Create an account" formError={nonField}>
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Stack gap="sm">
          <TextInput
            label="Username"
            id="register-username"
            name="username"
            description="3–150 characters: letters, digits and @ . + - _"
            autoComplete="username"
            defaultValue={result?.values.username}
            error={fieldError(result?.errors, 'username')}
            required
            autoFocus
          />
          <TextInput
            label="Email"
            id="register-email"
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={result?.values.email}
            error={fieldError(result?.errors, 'email')}
            required
          />
          <PasswordInput
            label="Password"
            id="register-password"
            name="password"
            description={`At least ${passwordMinLength} characters, not only digits, not your username`}
            autoComplete="new-password"
            error={fieldError(result?.errors, 'password')}
            required
          />
          <Button type="submit" loading={busy}>
            Register
          </Button>
          <Text size="sm" c="dimmed">
            Already registered?{' '}
            <Anchor component={Link} to={`/login?${new URLSearchParams({ redirectTo })}`}>
              Log in
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
