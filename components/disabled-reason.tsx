// Why a control is disabled, as visible text beside it — point the control's aria-describedby at `id` so it is
// read with it. Never only a tooltip: a disabled button cannot be focused or hovered on a touch screen.
export function DisabledReason({
  id,
  reason,
  className = "",
}: {
  id: string;
  reason: string | null;
  className?: string;
}) {
  if (!reason) return null;
  return (
    <p id={id} data-testid="disabled-reason" className={`text-xs text-muted ${className}`}>
      {reason}
    </p>
  );
}
