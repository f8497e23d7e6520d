// The overview matrix's filter in the address (`?show=failed&q=t_09`), so a reload or a shared link shows the same
// rows. Defaults are left out of the address.
import { MATRIX_SHOWS, type MatrixFilter, type MatrixShow } from "../environments/overview-matrix";

export const DEFAULT_MATRIX_FILTER: MatrixFilter = { show: "all", search: "" };

/** Longer searches are cut: no migration name is this long (Prisma's are at most 255 characters). */
const MAX_SEARCH = 255;

export function readMatrixFilter(params: Pick<URLSearchParams, "get">): MatrixFilter {
  const show = params.get("show");
  return {
    show: MATRIX_SHOWS.includes(show as MatrixShow) ? (show as MatrixShow) : "all",
    search: (params.get("q") ?? "").slice(0, MAX_SEARCH),
  };
}

/** `params` with the filter written in (other parameters kept). */
export function writeMatrixFilter(params: URLSearchParams, filter: MatrixFilter): URLSearchParams {
  const next = new URLSearchParams(params);
  if (filter.show === "all") next.delete("show");
  else next.set("show", filter.show);
  if (filter.search === "") next.delete("q");
  else next.set("q", filter.search);
  return next;
}
