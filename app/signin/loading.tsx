export default function SignInLoading() {
  return (
    <p role="status" className="mt-16 text-center text-sm text-muted">
      Loading sign-in…
    </p>
  );
}
