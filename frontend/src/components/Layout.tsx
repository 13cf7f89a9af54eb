import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { useTheme } from '../lib/theme';
import { Icon, type IconName, Logo } from './icons';
import { IconButton, LoadingState } from './ui';

const NAV: Array<{ to: string; label: string; icon: IconName }> = [
  { to: '/', label: 'Dashboard', icon: 'dashboard' },
  { to: '/users', label: 'Users', icon: 'users' },
  { to: '/tables', label: 'Tables', icon: 'table' },
  { to: '/storage', label: 'Storage', icon: 'storage' },
  { to: '/sql', label: 'SQL editor', icon: 'sql' },
  { to: '/functions', label: 'Functions', icon: 'functions' },
  { to: '/schema', label: 'Schema', icon: 'schema' },
  { to: '/settings', label: 'Settings', icon: 'settings' },
];

export function Layout() {
  const { session, logout } = useAuth();
  const { theme, toggle } = useTheme();
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <Logo />
          <div>
            <div className="brand-name">SelfDB</div>
            <div className="brand-sub">Dashboard</div>
          </div>
        </div>
        <nav className="nav" aria-label="Main">
          {NAV.map((item) => (
            <NavLink
              key={item.to}
              to={item.to}
              end={item.to === '/'}
              className={({ isActive }) => `nav-item ${isActive ? 'nav-active' : ''}`}
            >
              <Icon name={item.icon} size={17} />
              <span>{item.label}</span>
            </NavLink>
          ))}
        </nav>
        <div className="sidebar-footer">
          <a className="nav-item" href="/docs" target="_blank" rel="noreferrer">
            <Icon name="book" size={17} />
            <span>API docs</span>
          </a>
        </div>
      </aside>
      <div className="shell-main">
        <header className="topbar">
          <div className="topbar-spacer" />
          <IconButton
            icon={theme === 'dark' ? 'sun' : 'moon'}
            label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
            onClick={toggle}
          />
          <div className="user-chip" title={session?.email}>
            <span className="avatar">{session?.email.slice(0, 1).toUpperCase()}</span>
            <span className="user-email">{session?.email}</span>
          </div>
          <IconButton icon="logout" label="Log out" onClick={() => void logout()} />
        </header>
        <main className="shell-content">
          <Suspense fallback={<LoadingState />}>
            <Outlet />
          </Suspense>
        </main>
        <footer className="footer">
          <span>SelfDB — self-hosted PostgreSQL, auth, storage, realtime and functions</span>
          <a href="/docs" target="_blank" rel="noreferrer">
            API documentation
          </a>
        </footer>
      </div>
    </div>
  );
}
