import type { ReactNode } from "react";

/**
 * A table's box that scrolls sideways on a narrow screen (a tablet at 768 px): named, and reachable
 * by keyboard so its hidden columns can be scrolled to with the arrow keys (WCAG 2.1.1; axe's
 * scrollable-region-focusable). Every table sits in one.
 */
export function ScrollRegion({ label, className = "table-wrap", children }: { label: string; className?: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrolling region must take focus to be scrolled by keyboard
    <div className={className} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** Preformatted text (JSON of an audit row) in a box that scrolls: named and reachable by keyboard, like a table's. */
export function ScrollingText({ label, children }: { label: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrolling region must take focus to be scrolled by keyboard
    <pre className="json" role="region" aria-label={label} tabIndex={0}>
      {children}
    </pre>
  );
}
