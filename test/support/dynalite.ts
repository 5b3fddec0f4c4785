// dynalite (the DynamoDB API over LevelDB in memory) on a loopback port, with a table shaped as
// the README documents, and real AWS SDK v3 clients pointed at it with dummy credentials.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

// The SDK warns once per process that Node 20 support ends in 2027: noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface Dynalite {
  endpoint: string;
  client(): DynamoDBClient;
  createTable(name: string): Promise<void>;
  /** Every item of the table as JSON lines. */
  dump(table: string): Promise<string>;
  stop(): Promise<void>;
}

export function clientFor(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
}

export async function startDynalite(): Promise<Dynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: DynamoDBClient[] = [];
  const admin = clientFor(endpoint);
  clients.push(admin);
  return {
    endpoint,
    client() {
      const client = clientFor(endpoint);
      clients.push(client);
      return client;
    },
    async createTable(TableName) {
      await admin.send(
        new CreateTableCommand({
          TableName,
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      // With createTableMs: 0 the table is ACTIVE once the create has answered; checked, not assumed.
      const { Table } = await admin.send(new DescribeTableCommand({ TableName }));
      if (Table?.TableStatus !== 'ACTIVE') throw new Error(`table ${TableName} is ${Table?.TableStatus}`);
    },
    async dump(TableName) {
      const lines: string[] = [];
      let ExclusiveStartKey: Record<string, never> | undefined;
      do {
        const page = await admin.send(new ScanCommand({ TableName, ExclusiveStartKey }));
        for (const item of page.Items ?? []) lines.push(JSON.stringify(item));
        ExclusiveStartKey = page.LastEvaluatedKey as typeof ExclusiveStartKey;
      } while (ExclusiveStartKey);
      return lines.join('\n');
    },
    async stop() {
      for (const client of clients) client.destroy();
      server.closeAllConnections?.();
      await new Promise((done) => server.close(done));
    },
  };
}
