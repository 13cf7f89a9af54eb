import type { IconName } from '../components/icons';
import { EmptyState, PageHeader } from '../components/ui';

/** Storage, Functions and Settings arrive with the dashboard's second part (the next issue). */
export function PlaceholderPage({ title, icon, what }: { title: string; icon: IconName; what: string }) {
  return (
    <div className="page">
      <PageHeader title={title} icon={icon} subtitle={`Manage ${what}`} />
      <div className="card">
        <EmptyState icon={icon} title={`${title} is coming in the next release`}>
          The API for {what} is part of SelfDB; its dashboard page is being built in the next part of the
          dashboard. Until then, use the API directly — see the API documentation.
        </EmptyState>
      </div>
    </div>
  );
}
