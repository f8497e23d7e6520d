// Which release an environment is at, and how far behind the newest: "at release a1b2c3d, 2 behind #5".
import Link from "next/link";
import type { EnvironmentReleaseView } from "@/lib/releases/views";
import { paths } from "@/lib/client/paths";
import { linkClass } from "./ui";

export function describeRelease(release: EnvironmentReleaseView): string {
  if (!release.at) return `no release fully applied (newest ${release.latest.label})`;
  if (release.behind === 0) return `at release ${release.at.label} (newest)`;
  return `at release ${release.at.label}, ${release.behind} behind ${release.latest.label}`;
}

export function ReleaseMarker({ release, projectId }: { release: EnvironmentReleaseView | null; projectId: string }) {
  if (!release) return <span className="text-muted">no release yet</span>;
  return (
    <Link href={paths.releases(projectId)} className={linkClass} data-testid="release-marker">
      {describeRelease(release)}
    </Link>
  );
}
