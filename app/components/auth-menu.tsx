// The header's account corner: who is signed in and a logout button, or the way in.
import { Anchor, Button, Group } from '@mantine/core';
import { Form, Link } from '@remix-run/react';

export function AuthMenu({ username }: { username: string | undefined }) {
  if (username === undefined) {
    return (
      <Group gap="xs" visibleFrom="xs">
        <Button component={Link} to="/login" variant="subtle" size="xs">
          Log in
        </Button>
        <Button component={Link} to="/register" variant="light" size="xs">
          Register
        </Button>
      </Group>
    );
  }
  return (
    <Group gap="xs" data-testid="auth-menu">
      <Anchor component={Link} to="/profile" size="sm" fw={600} data-testid="signed-in-user">
        {username}
      </Anchor>
      {/* A real form: logging out works before hydration and without JavaScript. */}
      <Form method="post" action="/logout">
        <Button type="submit" variant="default" size="xs">
          Log out
        </Button>
      </Form>
    </Group>
  );
}
