import { createContext, useContext } from 'react';
import type { User } from './api/types.js';

/** The logged-in user, for every page under the layout. */
export const SessionContext = createContext<User | undefined>(undefined);

export function useUser(): User {
  const user = useContext(SessionContext);
  if (user === undefined) throw new Error('useUser outside a logged-in page');
  return user;
}
