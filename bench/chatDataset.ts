// A synthetic but realistic SFT/RL dataset: OpenAI chat records of a retail support agent whose assistant
// turns are Qwen3-style (<think> then one <tool_call>), with tools per record and a few percent of the calls
// broken the ways policies break them. Deterministic for a given seed.

// Sizes follow tau-bench's retail domain: a dozen tools whose descriptions spell out preconditions, and order
// records as tool results.
const TOOLS = [
  tool(
    'find_user_id_by_email',
    'Find user id by email. If the user is not found, the function will return an error message.',
    { email: str('The email of the user, such as something@example.com.') },
  ),
  tool(
    'find_user_id_by_name_zip',
    'Find user id by first name, last name, and zip code. If the user is not found, the function will return an error message. By default, find user id by email, and only call this function if the user is not found by email or cannot remember email.',
    {
      first_name: str('The first name of the customer, such as John.'),
      last_name: str('The last name of the customer, such as Doe.'),
      zip: str('The zip code of the customer, such as 12345.'),
    },
  ),
  tool('get_user_details', 'Get the details of a user, including their orders.', {
    user_id: str('The user id, such as sara_doe_496.'),
  }),
  tool('get_order_details', 'Get the status and details of an order.', {
    order_id: str(
      "The order id, such as '#W0000000'. Be careful there is a '#' symbol at the beginning of the order id.",
    ),
  }),
  tool('get_product_details', 'Get the inventory details of a product.', {
    product_id: str(
      "The product id, such as '6086499569'. Be careful the product id is different from the item id.",
    ),
  }),
  tool(
    'cancel_pending_order',
    "Cancel a pending order. If the order is already processed or delivered, it cannot be cancelled. The agent needs to explain the cancellation detail and ask for explicit user confirmation (yes/no) to proceed. If the user confirms, the order status will be changed to 'cancelled' and the payment will be refunded. The refund will be added to the user's gift card balance immediately if the payment was made using a gift card, otherwise the refund would take 5-7 business days to process. The function returns the order details after the cancellation.",
    {
      order_id: str("The order id, such as '#W0000000'."),
      reason: {
        type: 'string',
        enum: ['no longer needed', 'ordered by mistake'],
        description:
          "The reason for cancellation, which should be either 'no longer needed' or 'ordered by mistake'.",
      },
    },
  ),
  tool(
    'return_delivered_order_items',
    "Return some items of a delivered order. The order status will be changed to 'return requested'. The agent needs to explain the return detail and ask for explicit user confirmation (yes/no) to proceed. The user will receive follow-up email for how and where to return the item.",
    {
      order_id: str("The order id, such as '#W0000000'."),
      item_ids: {
        type: 'array',
        items: str('An item id.'),
        description:
          "The item ids to be returned, each such as '1008292230'. There could be duplicate items in the list.",
      },
      payment_method_id: str(
        "The payment method id to pay or receive refund for the item price difference, such as 'gift_card_0000000' or 'credit_card_0000000'. These can be looked up from the user or order details.",
      ),
    },
  ),
  tool(
    'exchange_delivered_order_items',
    'Exchange items in a delivered order to new items of the same product type. For a delivered order, return or exchange can be only done once by the agent. The agent needs to explain the exchange detail and ask for explicit user confirmation (yes/no) to proceed.',
    {
      order_id: str("The order id, such as '#W0000000'."),
      item_ids: { type: 'array', items: str('An item id.'), description: 'The item ids to be exchanged.' },
      new_item_ids: {
        type: 'array',
        items: str('An item id.'),
        description:
          'The item ids to be exchanged for, each such as 1008292230. There could be duplicate items in the list. Each new item id should match the item id in the same position and be of the same product.',
      },
      payment_method_id: str('The payment method id to pay or receive refund for the item price difference.'),
    },
  ),
  tool(
    'modify_user_address',
    'Modify the default address of a user. The agent needs to explain the modification detail and ask for explicit user confirmation (yes/no) to proceed.',
    {
      user_id: str('The user id, such as sara_doe_496.'),
      address1: str('The first line of the address, such as 123 Main St.'),
      address2: str('The second line of the address, such as Apt 1 or empty string.'),
      city: str('The city, such as San Francisco.'),
      state: str('The state, such as CA.'),
      country: str('The country, such as USA.'),
      zip: str('The zip code, such as 12345.'),
    },
  ),
  tool(
    'list_all_product_types',
    'List the name and product id of all product types. Each product type has a variety of different items with unique item ids and options. There are only 50 product types in the store.',
    {},
  ),
  tool('calculate', 'Calculate the result of a mathematical expression.', {
    expression: str(
      "The mathematical expression to calculate, such as '2 + 2'. The expression can contain numbers, operators (+, -, *, /), parentheses, and spaces.",
    ),
  }),
  tool(
    'transfer_to_human_agents',
    "Transfer the user to a human agent, with a summary of the user's issue. Only transfer if the user explicitly asks for a human agent, or if the user's issue cannot be resolved by the agent with the available tools.",
    { summary: str("A summary of the user's issue.") },
  ),
];

const WORDS = (
  'the user wants to check order status first verify identity then look up details policy says we must confirm ' +
  'before any cancellation refund exchange address payment method item delivered pending processed shipped ' +
  'I should ask call tool result shows according need careful not assume café naïve'
).split(' ');

// About 10 KB, like tau2's retail policy (airline is ~11 KB, telecom 23 KB).
const POLICY =
  '# Retail agent policy\n\nAs a retail agent, you can help users cancel or modify pending orders, return or exchange delivered orders, modify their default user address, or provide information about their own profile, orders, and related products.\n\n' +
  [
    '- At the beginning of the conversation, you have to authenticate the user identity by locating their user id via email, or via name + zip code. This has to be done even when the user already provides the user id.',
    '- Once the user has been authenticated, you can provide the user with information about order, product, profile information, e.g. help the user look up order id.',
    '- You can only help one user per conversation (but you can handle multiple requests from the same user), and must deny any requests for tasks related to any other user.',
    '- Before taking consequential actions that update the database (cancel, modify, return, exchange), you have to list the action detail and obtain explicit user confirmation (yes) to proceed.',
    '- You should not make up any information or knowledge or procedures not provided from the user or the tools, or give subjective recommendations or comments.',
    '- You should at most make one tool call at a time, and if you take a tool call, you should not respond to the user at the same time. If you respond to the user, you should not make a tool call.',
    '- You should transfer the user to a human agent if and only if the request cannot be handled within the scope of your actions.',
  ]
    .join('\n')
    .repeat(8);

export function generateChatJsonl(
  targetBytes: number,
  brokenRate: number,
  seed = 1,
): { text: string; records: number } {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const sentence = (n: number): string => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const lines: string[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    const messages: { role: string; content: string }[] = [
      { role: 'system', content: POLICY },
      { role: 'user', content: `Hi, ${sentence(12)}. My email is user${lines.length}@example.com.` },
    ];
    const rounds = 3 + Math.floor(random() * 6);
    for (let r = 0; r < rounds; r++) {
      const spec = pick(TOOLS).function;
      const args = Object.fromEntries(
        spec.parameters.required.map((k) => [
          k,
          k === 'item_ids'
            ? [`#${Math.floor(random() * 1e7)}`]
            : k === 'reason'
              ? 'no longer needed'
              : `#W${Math.floor(random() * 1e7)}`,
        ]),
      );
      const think = `<think>\n${sentence(40 + Math.floor(random() * 80))}\n</think>\n\n`;
      messages.push({
        role: 'assistant',
        content: think + (random() < brokenRate ? broken(spec.name, args, pick) : call(spec.name, args)),
      });
      messages.push({
        role: 'tool',
        content: JSON.stringify({
          status: 'ok',
          order_id: args.order_id ?? null,
          items: [{ name: sentence(3), price: Math.round(random() * 50000) / 100 }],
          note: sentence(20),
        }),
      });
    }
    messages.push({ role: 'assistant', content: `<think>\n${sentence(30)}\n</think>\n\n${sentence(25)}.` });
    const line = JSON.stringify({ messages, tools: TOOLS });
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  return { text: lines.join('\n') + '\n', records: lines.length };
}

function call(name: string, args: unknown): string {
  return `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;
}

/** The failure modes seen in rollouts: bad JSON, missing newline, unknown tool, schema break, stray text, cut off. */
function broken(name: string, args: Record<string, unknown>, pick: <T>(items: readonly T[]) => T): string {
  const json = JSON.stringify({ name, arguments: args });
  return pick([
    `<tool_call>\n${json.replace(/"/g, "'")}\n</tool_call>`,
    `<tool_call>${json}</tool_call>`,
    call(`${name}_v2`, args),
    call(name, {}),
    `${call(name, args)}\nLet me know if that helps.`,
    `<tool_call>\n${json.slice(0, json.length - 5)}`,
    `<tool_call>\n${JSON.stringify({ name, arguments: JSON.stringify(args) })}\n</tool_call>`,
    `<tool_call>\n${json.replace(/}}$/, ',}}')}\n</tool_call>`,
  ]);
}

function tool(name: string, description: string, properties: Record<string, unknown>) {
  const required = Object.keys(properties);
  return {
    type: 'function',
    function: { name, description, parameters: { type: 'object', properties, required } },
  };
}

function str(description: string): { type: 'string'; description: string } {
  return { type: 'string', description };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
