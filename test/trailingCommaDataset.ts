/**
 * A JSONL dataset of `records` lines, each a user question and one tool call, every third call with a
 * trailing comma SGLang drops: large enough, at a few thousand lines, that a lint takes many slices.
 */
export function trailingCommaDataset(records: number): string {
  const lines: string[] = [];
  for (let i = 0; i < records; i++) {
    const args = i % 3 === 0 ? `{"order_id": "A${i}",}` : `{"order_id": "A${i}"}`;
    const content = `<tool_call>\n{"name": "get_order", "arguments": ${args}}\n</tool_call>`;
    lines.push(
      JSON.stringify({
        messages: [
          { role: 'user', content: `Where is order A${i}?` },
          { role: 'assistant', content },
        ],
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}
