// /profile: the account, its favourites (add, and the star to remove) and its positions, from the
// same getProfile as GET /api/profile/. Its action also serves FavoriteStar on every page.
import { Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { assertSameOriginForm } from '~/.server/auth/csrf';
import { addFavorite, listAssetSymbols, toggleFavorite } from '~/.server/auth/favorites';
import { getProfile } from '~/.server/auth/profile';
import { safeRedirect } from '~/.server/auth/safe-redirect';
import { requireUser } from '~/.server/auth/session';
import { fieldError } from '~/components/auth-card';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FavoriteStar } from '~/components/favorite-star';
import { VENUES, VENUE_NAMES } from '~/lib/venues';

export const meta: MetaFunction = () => [{ title: 'Profile · Funding Arb Terminal' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { db } = context.services.database;
  const [profile, assetSymbols] = await Promise.all([getProfile(db, user.id), listAssetSymbols(db)]);
  if (!profile) throw redirect('/login');
  return { profile, assetSymbols };
}

function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
}

/** What FavoriteStar's fetcher gets back. */
export type ToggleResult =
  { intent: 'toggle'; ok: true; status: 'added' | 'removed' } | { intent: 'toggle'; ok: false; error: string };

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOriginForm(request, context);
  const user = await requireUser(request, context);
  const form = await request.formData();
  const { db } = context.services.database;
  const target = { assetSymbol: text(form, 'asset_symbol'), exchange: text(form, 'exchange') };
  const intent = text(form, 'intent');

  if (intent === 'toggle') {
    const result = await toggleFavorite(db, user.id, target);
    // Without JavaScript the star is a plain form that carries where to go back to.
    const back = form.get('redirectTo');
    if (result.ok && typeof back === 'string') throw redirect(safeRedirect(back, '/profile'));
    return result.ok
      ? ({ intent, ok: true, status: result.status } satisfies ToggleResult)
      : data({ intent, ok: false, error: result.error } satisfies ToggleResult, { status: 404 });
  }
  if (intent === 'add') {
    if (!target.assetSymbol.trim()) {
      return data({ intent, errors: { asset_symbol: ['This field may not be blank.'] } }, { status: 400 });
    }
    const result = await addFavorite(db, user.id, target);
    if (!result.ok) {
      const field = result.error.startsWith('Exchange') ? 'exchange' : 'asset_symbol';
      return data({ intent, errors: { [field]: [result.error] } }, { status: 404 });
    }
    // Post/redirect/get: a reload does not post again.
    throw redirect('/profile');
  }
  throw new Response(`Unknown form action ${JSON.stringify(intent)}`, { status: 400 });
}

const venueOptions = [
  { value: '', label: 'All venues' },
  ...VENUES.map((id) => ({ value: id, label: VENUE_NAMES[id] })),
];

export default function Profile() {
  const { profile, assetSymbols } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const addErrors = result && 'errors' in result ? result.errors : undefined;
  const adding = useNavigation().formData?.get('intent') === 'add';
  return (
    <Stack gap="lg" maw={900}>
      <Stack gap={4}>
        <Title order={2}>Profile</Title>
        <Group gap="xs">
          <Text fw={600} data-testid="profile-username">
            {profile.username}
          </Text>
          <Text c="dimmed" data-testid="profile-email">
            {profile.email}
          </Text>
        </Group>
      </Stack>

      <Card withBorder>
        <Title order={4} mb="sm">
          Favourites
        </Title>
        {profile.favorites.length === 0 ? (
          <Text c="dimmed" size="sm" data-testid="favorites-empty">
            No favourites yet. Star an asset in the funding table, or add one below.
          </Text>
        ) : (
          <Table data-testid="favorites" verticalSpacing={4}>
            <Table.Tbody>
              {profile.favorites.map((f) => (
                <Table.Tr key={f.id} data-testid={`favorite-${f.asset_symbol}-${f.exchange ?? 'all'}`}>
                  <Table.Td w={40}>
                    <FavoriteStar assetSymbol={f.asset_symbol} exchange={f.exchange ?? undefined} initial />
                  </Table.Td>
                  <Table.Td fw={600}>{f.asset_symbol}</Table.Td>
                  <Table.Td c="dimmed">{f.exchange_name ?? 'All venues'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {/* Keyed on the list: a successful add starts a fresh form; a refused one keeps what was typed. */}
        <Form method="post" noValidate key={profile.favorites.map((f) => f.id).join(',')}>
          <input type="hidden" name="intent" value="add" />
          <Group align="flex-end" mt="md" gap="sm">
            <TextInput
              label="Asset"
              id="favorite-asset-symbol"
              name="asset_symbol"
              placeholder="BTC"
              list="asset-symbols"
              autoComplete="off"
              error={fieldError(addErrors, 'asset_symbol')}
              w={160}
            />
            <datalist id="asset-symbols">
              {assetSymbols.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
            <Select
              label="Venue"
              id="favorite-exchange"
              name="exchange"
              data={venueOptions}
              defaultValue=""
              allowDeselect={false}
              w={180}
              error={fieldError(addErrors, 'exchange')}
            />
            <Button type="submit" loading={adding} variant="light">
              Add favourite
            </Button>
          </Group>
        </Form>
      </Card>

      <Card withBorder>
        <Title order={4} mb="sm">
          Positions
        </Title>
        {profile.positions.length === 0 ? (
          <Text c="dimmed" size="sm" data-testid="positions-empty">
            No positions yet.
          </Text>
        ) : (
          <Table data-testid="positions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Long</Table.Th>
                <Table.Th>Short</Table.Th>
                <Table.Th>Amount</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Opened</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {profile.positions.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    {p.long_symbol} · {p.long_exchange}
                  </Table.Td>
                  <Table.Td>
                    {p.short_symbol} · {p.short_exchange}
                  </Table.Td>
                  <Table.Td>{p.amount}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{p.status}</Badge>{' '}
                    {p.mode === 'paper' && <Badge variant="outline">paper</Badge>}
                  </Table.Td>
                  <Table.Td>{new Date(p.created_at).toISOString().slice(0, 16).replace('T', ' ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
