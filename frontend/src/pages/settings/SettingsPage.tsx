import { useQuery } from '@tanstack/react-query';
import { settings } from '../../api/endpoints';
import { InlineError, PageHeader, Spinner } from '../../components/ui';
import '../../styles/settings.css';
import { ApiAccessCard } from './ApiAccessCard';
import { ChangePasswordCard } from './ChangePasswordCard';

export function SettingsPage() {
  const version = useQuery({ queryKey: ['version'], queryFn: settings.version, staleTime: Infinity });
  return (
    <div className="page">
      <PageHeader
        title="Settings"
        icon="settings"
        subtitle="Your account, and how apps reach this instance"
      />
      <div className="settings-grid">
        <ChangePasswordCard />
        <div className="settings-column">
          <ApiAccessCard />
          <section className="card card-padded" aria-labelledby="about-title">
            <h2 id="about-title" className="card-title">
              About
            </h2>
            <div className="about-row">
              <span className="muted">SelfDB version</span>
              <strong data-testid="version">
                {version.isPending ? <Spinner size={13} /> : version.data ? `v${version.data}` : '—'}
              </strong>
            </div>
            <InlineError error={version.error} />
          </section>
        </div>
      </div>
    </div>
  );
}
