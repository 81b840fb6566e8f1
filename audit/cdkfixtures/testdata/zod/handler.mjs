// An order validator: zod makes the bundle large enough (well over 8 KB)
// for the advisor to judge whether it is minified.
import { z } from "zod";

const Order = z.object({
  id: z.string().uuid(),
  items: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive() })).min(1),
  email: z.string().email(),
});

export const handler = async (event) => {
  const order = Order.parse(event);
  return { statusCode: 200, body: JSON.stringify({ id: order.id, lines: order.items.length }) };
};
