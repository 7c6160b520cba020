// The TypeScript MCP SDK's client under load, speaking the same line protocol as ClientLoad.java:
// each line on stdin asks for one round {"tool","arguments","inFlight","seconds"}; the answer is one
// line of JSON with the calls made and the wall and process CPU time they took.
// Usage: node client-load.mjs <node_modules folder holding @modelcontextprotocol/sdk> <mcp-url>
// The access token comes in BENCH_TOKEN.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { readFileSync } from 'node:fs';

const [modules, url] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), 'index.js'));
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');
const sdkVersion = JSON.parse(readFileSync(path.join(modules, '@modelcontextprotocol/sdk/package.json'), 'utf8')).version;

const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${process.env.BENCH_TOKEN}` } },
});
const client = new Client({ name: 'ts-sdk-benchmark', version: '1.0.0' });
await client.connect(transport);
// As a real client does, and as the Java clients do: the catalog first (the SDK then checks each
// call's structured content against the tool's output schema).
await client.listTools();

async function round({ tool, arguments: args, inFlight, seconds }) {
  let calls = 0;
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  const worker = async () => {
    while (process.hrtime.bigint() < deadline) {
      const result = await client.callTool({ name: tool, arguments: args });
      if (result.isError) {
        throw new Error(`${tool} answered an error: ${JSON.stringify(result.content)}`);
      }
      calls++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsedNanos = Number(process.hrtime.bigint() - start);
  const cpu = process.cpuUsage(cpuBefore);
  return { calls, elapsedNanos, cpuNanos: (cpu.user + cpu.system) * 1000 };
}

console.log(JSON.stringify({ ready: true, sdkVersion }));
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) {
    break;
  }
  console.log(JSON.stringify(await round(JSON.parse(line))));
}
await transport.terminateSession().catch(() => {});
await client.close();
process.exit(0);
