import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Outlet, Route, Routes } from 'react-router';
import { AuthProvider } from './features/auth/auth.context.tsx';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { RequireAuth } from './features/auth/RequireAuth.tsx';
import { ConsoleLayout } from './features/console/ConsoleLayout.tsx';
import { NotFoundPage } from './features/console/NotFoundPage.tsx';
import { ConsoleHome, SectionPage } from './features/console/SectionPage.tsx';

// Buyers load only their chat page, not the staff console.
const BuyerChatPage = lazy(() => import('./features/chat/BuyerChatPage.tsx').then((m) => ({ default: m.BuyerChatPage })));

// Staff work under /console; buyers chat with the shop at /chat (no staff login). The buyer
// page sits outside the staff session's provider: it never asks /api/auth/me (issue 11).
export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route
          path="/chat"
          element={
            <Suspense fallback={null}>
              <BuyerChatPage />
            </Suspense>
          }
        />
        <Route
          element={
            <AuthProvider>
              <Outlet />
            </AuthProvider>
          }
        >
          <Route path="/" element={<Navigate to="/console" replace />} />
          <Route path="/login" element={<LoginPage />} />
          <Route
            path="/console"
            element={
              <RequireAuth>
                <ConsoleLayout />
              </RequireAuth>
            }
          >
            <Route index element={<ConsoleHome />} />
            <Route path=":section" element={<SectionPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
