import { AppShell, Burger, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, useLocation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { NAV_ITEMS } from '~/lib/nav';
import { AuthMenu } from './auth-menu';
import { ColorSchemeToggle } from './color-scheme-toggle';

export function Shell({
  children,
  signedIn = false,
  username,
}: {
  children: ReactNode;
  signedIn?: boolean;
  /** Shown in the header with a logout button when signed in. */
  username?: string;
}) {
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  const items = NAV_ITEMS.filter((i) => !i.audience || (i.audience === 'user') === signedIn);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Link to="/" style={{ textDecoration: 'none', color: 'inherit' }}>
              <Title order={3} data-testid="app-title">
                Funding Arb Terminal
              </Title>
            </Link>
          </Group>
          <Group gap="xs">
            <Text size="sm" c="dimmed" visibleFrom="sm">
              perpetual funding across 7 venues
            </Text>
            <ColorSchemeToggle />
            <AuthMenu username={signedIn ? username : undefined} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {items.map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={item.label}
            active={item.to === '/' ? pathname === '/' : pathname.startsWith(item.to)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
