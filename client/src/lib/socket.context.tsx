import type { ServerToClientEvents } from '@kefu/shared/events';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { reportSessionLost } from './api.ts';
import { connectStaffSocket, type StaffSocket } from './socket.ts';

const StaffSocketContext = createContext<StaffSocket | null>(null);

/**
 * One socket for the signed-in staff member, for as long as the console is open (not only
 * on the chat page): the server keeps an agent "online" while it is connected, and tells
 * it when the session ends.
 */
export function StaffSocketProvider({ children }: { children: ReactNode }) {
  const [socket, setSocket] = useState<StaffSocket | null>(null);
  useEffect(() => {
    const created = connectStaffSocket();
    created.on('session:ended', () => reportSessionLost());
    let retry: ReturnType<typeof setTimeout> | undefined;
    created.on('connect_error', (error) => {
      // Refused at the handshake: Socket.IO leaves retrying to us. No session → the login page.
      if (created.active) return;
      if (/log in/i.test(error.message)) reportSessionLost();
      else retry = setTimeout(() => created.connect(), 2_000);
    });
    setSocket(created);
    return () => {
      clearTimeout(retry);
      created.removeAllListeners();
      created.disconnect();
    };
  }, []);
  return <StaffSocketContext value={socket}>{children}</StaffSocketContext>;
}

/** The console's socket; null for the moment before it is created. */
export function useStaffSocket(): StaffSocket | null {
  return useContext(StaffSocketContext);
}

/**
 * Listens to one server event on the console's socket while the component is mounted. The
 * listener may be a fresh closure on every render: the latest one is called.
 */
export function useStaffSocketEvent<E extends keyof ServerToClientEvents>(event: E, listener: (...args: Parameters<ServerToClientEvents[E]>) => void): void {
  const socket = useStaffSocket();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => {
    if (!socket) return;
    const handler = (...args: Parameters<ServerToClientEvents[E]>) => latest.current(...args);
    // Socket.IO's listener type does not resolve for a generic event name; `handler` has E's own signature.
    socket.on(event, handler as never);
    return () => {
      socket.off(event, handler as never);
    };
  }, [socket, event]);
}
