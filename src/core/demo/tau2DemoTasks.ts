// Demo data only: tau2-style tasks (airline, retail, telecom) written for Rollout Studio's demo run.
// The ids, policies and tool names follow tau2-bench's domains so the demo reads like a real run;
// the conversations themselves are made up and every demo record is labelled `demo: true`.

export interface DemoTool {
  name: string;
  description: string;
  properties: Record<string, { type: string; description: string }>;
  required: string[];
}

export interface DemoAction {
  name: string;
  arguments: Record<string, unknown>;
  /** What the environment answers (a JSON string or an "Error: ..." text). */
  result: string;
  /** Write actions change the database; skipping one fails the DB check. */
  write?: boolean;
  think: string;
}

export interface DemoTask {
  domain: 'airline' | 'retail' | 'telecom';
  taskId: string;
  userOpening: string;
  actions: DemoAction[];
  /** What the agent tells the user at the end (the communicate check looks for `communicate`). */
  finalReply: string;
  communicate: string;
}

const str = (description: string) => ({ type: 'string', description });
const int = (description: string) => ({ type: 'integer', description });

export const DEMO_TOOLS: Record<DemoTask['domain'], DemoTool[]> = {
  airline: [
    {
      name: 'get_user_details',
      description: 'Get the details of a user, including their reservations.',
      properties: { user_id: str('The user ID, such as sara_doe_496.') },
      required: ['user_id'],
    },
    {
      name: 'get_reservation_details',
      description: 'Get the details of a reservation.',
      properties: { reservation_id: str('The reservation ID, such as 8JX2WO.') },
      required: ['reservation_id'],
    },
    {
      name: 'cancel_reservation',
      description: 'Cancel the whole reservation.',
      properties: { reservation_id: str('The reservation ID.') },
      required: ['reservation_id'],
    },
    {
      name: 'update_reservation_baggages',
      description: 'Update the baggage information of a reservation.',
      properties: {
        reservation_id: str('The reservation ID.'),
        total_baggages: int('The updated total number of baggage items.'),
        nonfree_baggages: int('The updated number of non-free baggage items.'),
        payment_id: str('The payment id stored in the user profile.'),
      },
      required: ['reservation_id', 'total_baggages', 'nonfree_baggages', 'payment_id'],
    },
  ],
  retail: [
    {
      name: 'find_user_id_by_name_zip',
      description: 'Find user id by first name, last name, and zip code.',
      properties: {
        first_name: str('The first name of the customer.'),
        last_name: str('The last name of the customer.'),
        zip: str('The zip code of the customer.'),
      },
      required: ['first_name', 'last_name', 'zip'],
    },
    {
      name: 'get_order_details',
      description: 'Get the status and details of an order.',
      properties: { order_id: str("The order id, such as '#W0000000'.") },
      required: ['order_id'],
    },
    {
      name: 'cancel_pending_order',
      description: 'Cancel a pending order.',
      properties: {
        order_id: str('The order id.'),
        reason: str("Either 'no longer needed' or 'ordered by mistake'."),
      },
      required: ['order_id', 'reason'],
    },
    {
      name: 'return_delivered_order_items',
      description: 'Return some items of a delivered order.',
      properties: {
        order_id: str('The order id.'),
        item_ids: { type: 'array', description: 'The item ids to return.' },
        payment_method_id: str('Where the refund goes.'),
      },
      required: ['order_id', 'item_ids', 'payment_method_id'],
    },
  ],
  telecom: [
    {
      name: 'get_customer_by_phone',
      description: 'Find a customer by their phone number.',
      properties: { phone_number: str('The phone number, such as 555-123-2002.') },
      required: ['phone_number'],
    },
    {
      name: 'get_details_by_id',
      description: 'Get the details of a line, plan or bill by its id.',
      properties: { id: str('The id, such as L1001.') },
      required: ['id'],
    },
    {
      name: 'resume_line',
      description: 'Resume a suspended line.',
      properties: { customer_id: str('The customer id.'), line_id: str('The line id.') },
      required: ['customer_id', 'line_id'],
    },
    {
      name: 'enable_roaming',
      description: 'Enable international roaming on a line.',
      properties: { customer_id: str('The customer id.'), line_id: str('The line id.') },
      required: ['customer_id', 'line_id'],
    },
  ],
};

/** The recipe's pseudo-tools: `respond` carries text to the user, `done` ends the episode. */
export const PSEUDO_TOOLS: DemoTool[] = [
  {
    name: 'respond',
    description: 'Send a message to the user.',
    properties: { content: str('The message.') },
    required: ['content'],
  },
  { name: 'done', description: 'End the conversation.', properties: {}, required: [] },
];

export const DEMO_TASKS: DemoTask[] = [
  {
    domain: 'retail',
    taskId: '12',
    userOpening: "Hi, I'd like to cancel an order I placed by mistake. I'm Yusuf Rossi, zip 19122.",
    actions: [
      {
        name: 'find_user_id_by_name_zip',
        arguments: { first_name: 'Yusuf', last_name: 'Rossi', zip: '19122' },
        result: '"yusuf_rossi_9620"',
        think: 'I must authenticate the user by name and zip before touching any order.',
      },
      {
        name: 'get_order_details',
        arguments: { order_id: '#W2378156' },
        result:
          '{"order_id": "#W2378156", "status": "pending", "items": [{"name": "Mechanical Keyboard", "item_id": "1151293680", "price": 272.33}], "payment_history": [{"payment_method_id": "credit_card_9513926", "amount": 272.33}]}',
        think: 'The user named order #W2378156. Check that it is still pending.',
      },
      {
        name: 'cancel_pending_order',
        arguments: { order_id: '#W2378156', reason: 'ordered by mistake' },
        result: '{"order_id": "#W2378156", "status": "cancelled", "cancel_reason": "ordered by mistake"}',
        write: true,
        think: 'The order is pending and the user confirmed. Cancel it with the reason they gave.',
      },
    ],
    finalReply:
      'Your order #W2378156 is cancelled and $272.33 will be refunded to credit card 9513926 within 5-7 business days.',
    communicate: '272.33',
  },
  {
    domain: 'retail',
    taskId: '37',
    userOpening: 'I want to return the water bottle from my last order. Name is Mei Davis, zip 80217.',
    actions: [
      {
        name: 'find_user_id_by_name_zip',
        arguments: { first_name: 'Mei', last_name: 'Davis', zip: '80217' },
        result: '"mei_davis_8935"',
        think: 'Authenticate first.',
      },
      {
        name: 'get_order_details',
        arguments: { order_id: '#W2890441' },
        result:
          '{"order_id": "#W2890441", "status": "delivered", "items": [{"name": "Water Bottle", "item_id": "2366567022", "price": 54.04}], "payment_history": [{"payment_method_id": "gift_card_1984017", "amount": 54.04}]}',
        think: 'Only delivered orders can be returned. Look at the order.',
      },
      {
        name: 'return_delivered_order_items',
        arguments: {
          order_id: '#W2890441',
          item_ids: ['2366567022'],
          payment_method_id: 'gift_card_1984017',
        },
        result: '{"order_id": "#W2890441", "status": "return requested", "return_items": ["2366567022"]}',
        write: true,
        think: 'The refund goes to the original payment method, the gift card.',
      },
    ],
    finalReply:
      'The return of the water bottle is requested; $54.04 goes back to your gift card once we receive it.',
    communicate: '54.04',
  },
  {
    domain: 'airline',
    taskId: '7',
    userOpening: 'Hello, please cancel my reservation 8JX2WO. My user id is sara_doe_496.',
    actions: [
      {
        name: 'get_user_details',
        arguments: { user_id: 'sara_doe_496' },
        result: '{"user_id": "sara_doe_496", "membership": "gold", "reservations": ["8JX2WO", "Q69X3R"]}',
        think: 'Load the user to confirm the reservation is theirs.',
      },
      {
        name: 'get_reservation_details',
        arguments: { reservation_id: '8JX2WO' },
        result:
          '{"reservation_id": "8JX2WO", "origin": "SFO", "destination": "JFK", "cabin": "business", "insurance": "yes", "status": "confirmed"}',
        think: 'Business cabin with insurance: the policy allows cancellation.',
      },
      {
        name: 'cancel_reservation',
        arguments: { reservation_id: '8JX2WO' },
        result: '{"reservation_id": "8JX2WO", "status": "cancelled"}',
        write: true,
        think: 'The user confirmed; cancel.',
      },
    ],
    finalReply:
      'Reservation 8JX2WO from SFO to JFK is cancelled; the refund reaches your original payment method in 5 to 7 business days.',
    communicate: '8JX2WO',
  },
  {
    domain: 'airline',
    taskId: '21',
    userOpening:
      'I need to add two checked bags to reservation Q69X3R, user sara_doe_496. Use my card on file.',
    actions: [
      {
        name: 'get_reservation_details',
        arguments: { reservation_id: 'Q69X3R' },
        result:
          '{"reservation_id": "Q69X3R", "cabin": "economy", "total_baggages": 0, "nonfree_baggages": 0, "passengers": 1}',
        think: 'Economy for a gold member: some bags are free. Check the reservation.',
      },
      {
        name: 'get_user_details',
        arguments: { user_id: 'sara_doe_496' },
        result:
          '{"user_id": "sara_doe_496", "membership": "gold", "payment_methods": {"credit_card_4421486": {"brand": "visa", "last_four": "3241"}}}',
        think: 'Find the payment id of the card on file.',
      },
      {
        name: 'update_reservation_baggages',
        arguments: {
          reservation_id: 'Q69X3R',
          total_baggages: 2,
          nonfree_baggages: 0,
          payment_id: 'credit_card_4421486',
        },
        result: '{"reservation_id": "Q69X3R", "total_baggages": 2, "nonfree_baggages": 0}',
        write: true,
        think: 'Gold members get 3 free checked bags in economy, so both are free.',
      },
    ],
    finalReply: 'Both bags are added to Q69X3R at no charge: gold members get three free checked bags.',
    communicate: 'no charge',
  },
  {
    domain: 'telecom',
    taskId: '[mobile_data_issue]line_suspended|roaming_off[PERSONA:Easy]',
    userOpening: 'My phone has no data since I landed in Paris. My number is 555-123-2002.',
    actions: [
      {
        name: 'get_customer_by_phone',
        arguments: { phone_number: '555-123-2002' },
        result: '{"customer_id": "C1001", "name": "John Smith", "line_ids": ["L1002"]}',
        think: 'Identify the customer by phone number.',
      },
      {
        name: 'get_details_by_id',
        arguments: { id: 'L1002' },
        result:
          '{"line_id": "L1002", "status": "Suspended", "roaming_enabled": false, "suspension_reason": "late payment resolved"}',
        think: 'Look at the line: status and roaming.',
      },
      {
        name: 'resume_line',
        arguments: { customer_id: 'C1001', line_id: 'L1002' },
        result: '{"line_id": "L1002", "status": "Active"}',
        write: true,
        think: 'The suspension reason is resolved, so the line can be resumed.',
      },
      {
        name: 'enable_roaming',
        arguments: { customer_id: 'C1001', line_id: 'L1002' },
        result: '{"line_id": "L1002", "roaming_enabled": true}',
        write: true,
        think: 'Abroad without roaming: enable it.',
      },
    ],
    finalReply:
      'Your line L1002 is active again and roaming is on. Please restart your phone and data should work in Paris.',
    communicate: 'roaming',
  },
  {
    domain: 'telecom',
    taskId: '[service_issue]line_suspended[PERSONA:Hard]',
    userOpening: 'Calls fail with "service unavailable". Number 555-987-1450. Fix it now.',
    actions: [
      {
        name: 'get_customer_by_phone',
        arguments: { phone_number: '555-987-1450' },
        result: '{"customer_id": "C2040", "name": "Ana Lima", "line_ids": ["L2041"]}',
        think: 'Identify the customer.',
      },
      {
        name: 'get_details_by_id',
        arguments: { id: 'L2041' },
        result:
          '{"line_id": "L2041", "status": "Suspended", "suspension_reason": "contract end date passed"}',
        think: 'Check why the line fails.',
      },
      {
        name: 'resume_line',
        arguments: { customer_id: 'C2040', line_id: 'L2041' },
        result: 'Error: Line must be suspended to resume',
        write: true,
        think: 'Try to resume the line.',
      },
    ],
    finalReply:
      'Your contract ended, so the line stays suspended until it is renewed; I can transfer you to sales to renew it.',
    communicate: 'renew',
  },
];
