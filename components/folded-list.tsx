"use client";
// A long list shown short: its first few items and its last, with "Show all N" between them (and "Show fewer"
// once open). Short lists show whole. Used wherever Runway lists migration names, so 300 of them never make one
// paragraph or one screen-filling column.
import { useId, useState, type ReactNode } from "react";
import { pluralize } from "@/lib/client/format";
import { buttonClass } from "./ui";

interface FoldedListProps<T> {
  items: T[];
  renderItem: (item: T, index: number) => ReactNode;
  /** Each item's key (default: the item itself when it is a string, else its index). */
  getKey?: (item: T, index: number) => string;
  /** What the items are, for the button: "migration" → "Show all 180 migrations". */
  noun: string;
  /** Items shown before and after the fold. */
  head?: number;
  tail?: number;
  /** Numbered (an ordered list whose folded items keep their numbers). */
  numbered?: boolean;
  className?: string;
  itemClassName?: string;
  testId?: string;
}

export function FoldedList<T>({
  items,
  renderItem,
  getKey,
  noun,
  head = 3,
  tail = 1,
  numbered = false,
  className = "",
  itemClassName = "",
  testId,
}: FoldedListProps<T>) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  // Folding fewer than three items hides nothing worth a click.
  const foldable = items.length > head + tail + 2;
  const folded = foldable && !open;
  const keyOf = (item: T, index: number) => getKey?.(item, index) ?? (typeof item === "string" ? item : String(index));
  const item = (index: number) => (
    <FoldedItem key={keyOf(items[index], index)} numbered={numbered} index={index} className={itemClassName}>
      {renderItem(items[index], index)}
    </FoldedItem>
  );
  const rows: ReactNode[] = [];
  if (folded) {
    for (let i = 0; i < head; i++) rows.push(item(i));
    rows.push(
      <li key="fold" className="list-none py-0.5 text-muted">
        <span aria-hidden="true">⋯ </span>
        {pluralize(items.length - head - tail, noun)} more
      </li>,
    );
    for (let i = items.length - tail; i < items.length; i++) rows.push(item(i));
  } else {
    for (let i = 0; i < items.length; i++) rows.push(item(i));
  }
  const List = numbered ? "ol" : "ul";
  return (
    <div data-testid={testId} data-folded={folded ? "true" : undefined}>
      <List id={listId} className={`${numbered ? "list-decimal pl-6" : ""} ${className}`}>
        {rows}
      </List>
      {foldable ? (
        <button
          type="button"
          aria-expanded={open}
          aria-controls={listId}
          className={`${buttonClass("ghost", "sm")} mt-1`}
          onClick={() => setOpen((value) => !value)}
        >
          {open ? "Show fewer" : `Show all ${pluralize(items.length, noun)}`}
        </button>
      ) : null}
    </div>
  );
}

function FoldedItem({
  numbered,
  index,
  className,
  children,
}: {
  numbered: boolean;
  index: number;
  className: string;
  children: ReactNode;
}) {
  // <li value> keeps an ordered list's numbers right across the fold.
  return (
    <li value={numbered ? index + 1 : undefined} className={className}>
      {children}
    </li>
  );
}
