/** SGLang's error bodies are `{"object":"error","message":…}`; anything else is shown cut short. */
export function bodyExcerpt(body: unknown, fallback: string): string {
  const message =
    typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string'
      ? (body as { message: string }).message
      : body !== undefined
        ? JSON.stringify(body)
        : fallback;
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}
