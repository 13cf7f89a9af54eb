import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy } from 'react';
import { createBrowserRouter, createRoutesFromElements, Navigate, Route, RouterProvider } from 'react-router';
import { AuthProvider, useAuth } from './auth/AuthContext';
import { Layout } from './components/Layout';
import { ConfirmProvider, ToastProvider } from './components/ui';
import { ThemeProvider } from './lib/theme';
import { DashboardPage } from './pages/DashboardPage';
import { FunctionsPage } from './pages/FunctionsPage';
import { LoginPage } from './pages/LoginPage';
import { SettingsPage } from './pages/settings/SettingsPage';
import { BucketPage } from './pages/storage/BucketPage';
import { BucketsPage } from './pages/storage/BucketsPage';
import { TableDetailPage } from './pages/TableDetailPage';
import { TablesPage } from './pages/TablesPage';
import { UsersPage } from './pages/UsersPage';

// Monaco and the diagram are large; they load when their page is opened.
const SqlEditorPage = lazy(() => import('./pages/SqlEditorPage'));
const SchemaPage = lazy(() => import('./pages/SchemaPage'));
const FunctionDetailPage = lazy(() => import('./pages/FunctionDetailPage'));

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 10_000 } },
});

function Protected() {
  const { session } = useAuth();
  if (!session) return <Navigate to="/login" replace />;
  return <Layout />;
}

const router = createBrowserRouter(
  createRoutesFromElements(
    <>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<Protected />}>
        <Route index element={<DashboardPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="tables" element={<TablesPage />} />
        <Route path="tables/:name" element={<TableDetailPage />} />
        <Route path="sql" element={<SqlEditorPage />} />
        <Route path="schema" element={<SchemaPage />} />
        <Route path="storage" element={<BucketsPage />} />
        <Route path="storage/:bucketId" element={<BucketPage />} />
        <Route path="functions" element={<FunctionsPage />} />
        <Route path="functions/:id" element={<FunctionDetailPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </>,
  ),
);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <ThemeProvider>
        <ToastProvider>
          <ConfirmProvider>
            <AuthProvider>
              <RouterProvider router={router} />
            </AuthProvider>
          </ConfirmProvider>
        </ToastProvider>
      </ThemeProvider>
    </QueryClientProvider>
  );
}
