// Any unknown path renders the app's 404 inside the shell.
import { GeneralErrorBoundary } from '~/components/error-boundary';

export function loader() {
  throw new Response('Not found', { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
