import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import { ColorSchemeScript, createTheme, mantineHtmlProps, MantineProvider } from '@mantine/core';
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { getOptionalUser } from './.server/auth/session';
import { Shell } from './components/app-shell';
import { GeneralErrorBoundary } from './components/error-boundary';

const theme = createTheme({
  primaryColor: 'teal',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
});

export const meta: MetaFunction = () => [
  { title: 'Funding Arb Terminal' },
  { name: 'description', content: 'Live perpetual funding rates, cross-venue spreads and two-legged positions.' },
];

export const links: LinksFunction = () => [{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' }];

/** Who is signed in (id and name only: the shell and FavoriteStar need nothing more). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  try {
    const user = await getOptionalUser(request, context);
    return { user: user && { id: user.id, username: user.username } };
  } catch (err) {
    // A database outage must not take every page down with it; the home page reports it.
    context.services.log.warn('could not read the signed-in user', { error: err });
    return { user: null };
  }
}

export function Layout({ children }: { children: ReactNode }) {
  // Undefined while an error boundary renders without loader data.
  const user = useRouteLoaderData<typeof loader>('root')?.user ?? null;
  return (
    <html lang="en" {...mantineHtmlProps} data-mantine-color-scheme="dark">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <ColorSchemeScript defaultColorScheme="dark" />
        <Meta />
        <Links />
      </head>
      <body>
        <MantineProvider theme={theme} defaultColorScheme="dark">
          <Shell signedIn={user !== null} username={user?.username}>
            {children}
          </Shell>
        </MantineProvider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
