// The UI language: French by default, English one switch away, remembered on this
// computer (localStorage). Until someone chooses, the till's default applies.
import i18next from 'i18next';
import { create } from 'zustand';
import type { UiLanguage } from '../../shared/money/format.ts';
import { isUiLanguage } from '../i18n.ts';

const storageKey = 'guichet.language';

function storedLanguage(): UiLanguage | null {
  try {
    const value = localStorage.getItem(storageKey);
    return isUiLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

function apply(language: UiLanguage): void {
  document.documentElement.lang = language;
  if (i18next.isInitialized && i18next.language !== language) void i18next.changeLanguage(language);
}

interface LanguageState {
  language: UiLanguage;
  isChosen: boolean;
  /** The user's choice: applied and remembered. */
  choose(language: UiLanguage): void;
  /** The till's default (system.info), unless the user chose already. */
  adoptDefault(language: UiLanguage): void;
}

const initial = storedLanguage();

export const useLanguage = create<LanguageState>()((set, get) => ({
  language: initial ?? 'fr',
  isChosen: initial !== null,
  choose(language) {
    try {
      localStorage.setItem(storageKey, language);
    } catch {
      // private mode: the choice lasts for this window only
    }
    apply(language);
    set({ language, isChosen: true });
  },
  adoptDefault(language) {
    if (get().isChosen) return;
    apply(language);
    set({ language });
  },
}));
