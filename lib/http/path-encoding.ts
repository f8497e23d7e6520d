// Percent-encoding of request paths. Next.js answers a dynamic segment it cannot decode (`%E0%A4%A`, `%ff`) with
// a 500; Runway checks first and answers 400 with a message.

/** The first path segment that is not valid percent-encoded UTF-8, or null when every one decodes. */
export function findUndecodableSegment(pathname: string): string | null {
  for (const segment of pathname.split("/")) {
    if (!segment.includes("%")) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}
