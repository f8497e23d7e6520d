import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { buttonClass } from "@/components/ui";

export default function NotFound() {
  return (
    <EmptyState
      title="Page not found"
      action={
        <Link href="/" className={buttonClass("primary")}>
          Go to the overview
        </Link>
      }
    >
      <p>
        There is nothing at this address. If you followed a link to an environment or a migration, it may have been
        removed or renamed: the overview lists everything Runway watches.
      </p>
    </EmptyState>
  );
}
