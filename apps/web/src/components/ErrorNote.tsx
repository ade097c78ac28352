export function ErrorNote({ error }: { error: Error | string | undefined }) {
  if (error === undefined) return null;
  return (
    <p className="error" role="alert" data-testid="error">
      {typeof error === 'string' ? error : error.message}
    </p>
  );
}
