// A deliberately under-documented pipeline step, the kind of file pipeguard is for.
// `pnpm demo` lints it with the pipeguard plugin and runs gen-edge-tests on it; the app's own lint
// ignores this folder. Do not "fix" it: the findings are the point.
import OpenAI from 'openai';
import type Database from 'better-sqlite3';

export const ORDERS_TABLE = `CREATE TABLE IF NOT EXISTS orders (
  id TEXT PRIMARY KEY,
  email_domain TEXT,
  amount_cents INTEGER,
  category TEXT REFERENCES categories(name)
)`;
export const ORDERS_INDEX = 'CREATE INDEX IF NOT EXISTS idx_orders_domain ON orders(email_domain)';

export function emailDomain(email: string): string {
  return email.split('@')[1]!.toLowerCase();
}

export function toCents(amount: string): number {
  return Math.round(parseFloat(amount.replace(',', '')) * 100);
}

export function averageCents(amounts: number[]): number {
  return amounts.reduce((sum, a) => sum + a, 0) / amounts.length;
}

export async function categorize(client: OpenAI, product: string): Promise<string> {
  const res = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: `One word category for: ${product}` }],
  });
  return res.choices[0]?.message.content ?? 'other';
}

export async function loadOrder(db: Database.Database, client: OpenAI, id: string, email: string, amount: string, product: string): Promise<void> {
  db.exec(ORDERS_TABLE);
  db.exec(ORDERS_INDEX);
  const category = await categorize(client, product);
  db.prepare('INSERT INTO orders (id, email_domain, amount_cents, category) VALUES (?, ?, ?, ?)').run(id, emailDomain(email), toCents(amount), category);
}
