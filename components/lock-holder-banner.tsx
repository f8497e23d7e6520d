// Who holds Prisma's migrate lock right now: a deploy (Runway's or anyone's) is running there.
import type { LockHolderView } from "@/lib/environments/views";
import { Banner } from "./banner";
import { RelativeTime } from "./relative-time";

export function LockHolderBanner({ holder }: { holder: LockHolderView }) {
  return (
    <Banner tone="info" testId="lock-holder" title="Prisma's migrate lock is held">
      <p>
        Session pid <span className="font-mono">{holder.pid}</span>
        {holder.applicationName ? (
          <>
            {" "}
            (<span className="font-mono">{holder.applicationName}</span>)
          </>
        ) : null}
        {holder.state ? <>, {holder.state}</> : null}
        {holder.since ? (
          <>
            , since <RelativeTime iso={holder.since} />
          </>
        ) : null}
        . Deploys and resolves wait until it is released.
      </p>
    </Banner>
  );
}
