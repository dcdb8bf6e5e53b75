import { button, h } from './dom.ts';
import { safeHttpUrl, withCitation } from './format.ts';
import type { KnowledgeSuggestion } from './types.ts';

export interface KnowledgeActions {
  /** Passages for the conversation: `query`, or the customer's last message when empty. */
  search(query: string): Promise<{ query: string; suggestions: KnowledgeSuggestion[] }>;
  insert(text: string): void;
}

/** Knowledge suggestions for the open conversation, each insertable into the reply with its citation. */
export class KnowledgePanel {
  readonly element: HTMLElement;
  readonly #query = h('input', { type: 'search', id: 'knowledge-query', placeholder: "The customer's last message", 'aria-label': 'Search the knowledge base' });
  readonly #results = h('ul', { class: 'suggestions', role: 'list', 'aria-label': 'Knowledge suggestions' });
  readonly #status = h('p', { class: 'muted', role: 'status' });

  constructor(private readonly actions: KnowledgeActions) {
    const form = h('form', { class: 'knowledge-search', role: 'search' }, this.#query, h('button', { type: 'submit' }, 'Search'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.refresh();
    });
    this.element = h('div', { class: 'knowledge' }, form, this.#status, this.#results);
  }

  clear(): void {
    this.#query.value = '';
    this.#results.replaceChildren();
    this.#status.textContent = '';
  }

  async refresh(): Promise<void> {
    this.#status.textContent = 'Searching…';
    try {
      const { query, suggestions } = await this.actions.search(this.#query.value.trim());
      this.#results.replaceChildren(...suggestions.map((s) => this.#card(s)));
      this.#status.textContent = suggestions.length > 0 ? `${suggestions.length} passages for “${query}”` : query ? `Nothing found for “${query}”.` : 'Nothing to search for yet.';
    } catch (error) {
      this.#status.textContent = `Search failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  #card(s: KnowledgeSuggestion): HTMLElement {
    const url = safeHttpUrl(s.citation.url);
    const source = url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, s.citation.title) : h('span', {}, s.citation.title);
    return h(
      'li',
      { class: 'suggestion' },
      h('h4', {}, s.title),
      h('p', { class: 'suggestion-text' }, s.text),
      h('p', { class: 'citation' }, 'Source: ', source, ` · ${Math.round(s.confidence * 100)} % match`),
      button('Insert with citation', () => this.actions.insert(withCitation(s.text, s.citation)), { class: 'small', 'aria-label': `Insert “${s.title}” with its citation` }),
    );
  }
}
