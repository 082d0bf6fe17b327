import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuthProvider } from './features/auth/auth.context.tsx';
import { BuyerChatPage } from './features/chat/BuyerChatPage.tsx';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { RequireAuth } from './features/auth/RequireAuth.tsx';
import { ConsoleLayout } from './features/console/ConsoleLayout.tsx';
import { NotFoundPage } from './features/console/NotFoundPage.tsx';
import { ConsoleHome, SectionPage } from './features/console/SectionPage.tsx';

// Staff work under /console; buyers chat with the shop at /chat (no staff login).
export function App() {
  return (
    <AuthProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/" element={<Navigate to="/console" replace />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/chat" element={<BuyerChatPage />} />
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
        </Routes>
      </BrowserRouter>
    </AuthProvider>
  );
}
