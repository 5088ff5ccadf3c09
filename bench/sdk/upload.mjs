// Uploads every file of a folder with the official OpenAI Node SDK, `concurrency` at a time, as a user of the
// SDK would: client.files.create({file, purpose}) with the SDK's own HTTP client and keep-alive, no retries
// (the sink never fails). Prints one line: "files seconds files/s".
// Usage: node bench/sdk/upload.mjs BASE_URL DIR [concurrency=8] [purpose=user_data]
import fs from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';

const [baseURL, dir, conc = '8', purpose = 'user_data'] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'bench', maxRetries: 0 });
const files = fs.readdirSync(dir).map((f) => path.join(dir, f));
let next = 0;
let failed = 0;
async function worker() {
  while (next < files.length) {
    const f = files[next++];
    try {
      await client.files.create({ file: fs.createReadStream(f), purpose });
    } catch (e) {
      failed++;
      if (failed === 1) console.error(`first failure: ${f}: ${e.message}`);
    }
  }
}
const t0 = process.hrtime.bigint();
await Promise.all(Array.from({ length: Number(conc) }, worker));
const s = Number(process.hrtime.bigint() - t0) / 1e9;
if (failed > 0) { console.error(`${failed} uploads failed`); process.exit(1); }
console.log(`${files.length} ${s.toFixed(3)} ${(files.length / s).toFixed(1)}`);
