// The app's sections, in the order the navigation shows them.
export interface NavItem {
  to: string;
  label: string;
  /** Shown only to signed-in users, or only to guests. */
  audience?: 'user' | 'guest';
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'Home' },
  { to: '/table', label: 'Funding table' },
  { to: '/best', label: 'Best opportunities' },
  { to: '/terminal', label: 'Terminal' },
  { to: '/profile', label: 'Profile', audience: 'user' },
  { to: '/login', label: 'Log in', audience: 'guest' },
  { to: '/register', label: 'Register', audience: 'guest' },
];
