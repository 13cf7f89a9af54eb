import { useEffect, useRef } from 'react';
import { useBlocker } from 'react-router';
import { useConfirm } from '../components/ui';

/**
 * While `active`, leaving the page asks first: for another page of the dashboard with the confirm
 * dialog, for a reload, a closed tab or another site with the browser's own question. Changes of
 * the query string (a page's tabs) are not leaving.
 */
export function useLeaveGuard(active: boolean, question: { title: string; message: string }): void {
  const confirm = useConfirm();
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => active && currentLocation.pathname !== nextLocation.pathname,
  );
  const current = useRef(blocker);
  current.current = blocker;
  const { title, message } = question;

  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    void confirm({ title, message, confirmLabel: 'Leave' }).then((leave) =>
      leave ? current.current.proceed?.() : current.current.reset?.(),
    );
  }, [blocker.state, confirm, title, message]);

  useEffect(() => {
    if (!active) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [active]);
}
